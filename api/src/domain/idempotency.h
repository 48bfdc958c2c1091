#pragma once
// Idempotency-Key: a client that cannot tell whether its create took effect (it timed out,
// the connection dropped, the api answered that the outcome is unknown) sends it again
// with the same key, and gets what the first one created instead of a second user or URL
// or a 409 against its own write (as in Stripe's API).
//
// The key travels in the log, so every replica and every restart knows it: each attempt's
// event has the same id, derived from the route and the key, and carries the request's
// digest; the fold makes a second accepted event with that id void (repeated_request) and
// remembers for a day what the first created (schema::State::keyed_request).

#include <optional>
#include <string>
#include <string_view>

#include "domain/write_result.h"
#include "linkstream/schema/state.h"
#include "view/view.h"

namespace linkstream::api {

struct IdempotencyKey {
  std::string event_id;  // a name-based UUID (version 5) of the route and the key
  std::string digest;    // SHA-256 (hex) of the route and the request body
};

// The longest key accepted; Stripe allows 255 characters too.
constexpr std::size_t kMaxIdempotencyKeyLength = 255;

// The key of a request to `route` ("POST /users") with `body`. nullopt, with `error`,
// when `key` is empty, longer than kMaxIdempotencyKeyLength or not visible ASCII.
std::optional<IdempotencyKey> make_idempotency_key(std::string_view route, std::string_view key,
                                                   std::string_view body, std::string* error);

// The key of one row of a keyed bulk import: its own event id (every attempt of the import
// gives the row on `line` the same one) and the import's digest.
IdempotencyKey row_idempotency_key(const IdempotencyKey& import_key, std::size_t line);

// What the view knows of a keyed request: nullopt when nothing yet (append its event);
// kInvalid on the Idempotency-Key when the key came with another request; otherwise the
// entity it created, as it is now (`find(id)`), or kNotFound when that was deleted since.
template <typename Entity, typename Find>
std::optional<WriteResult<Entity>> known_outcome(const View& view, const IdempotencyKey& key,
                                                 Find find, std::string_view what) {
  auto known = view.read([&](const schema::State& s) -> std::optional<schema::KeyedRequest> {
    if (const auto* request = s.keyed_request(key.event_id)) return *request;
    return std::nullopt;
  });
  if (!known) return std::nullopt;
  if (known->digest != key.digest) {
    return WriteResult<Entity>::fail(WriteStatus::kKeyReused, "Idempotency-Key",
                                     "this Idempotency-Key was used for another request");
  }
  if (auto entity = find(known->entity_id)) return WriteResult<Entity>::done(std::move(*entity));
  return WriteResult<Entity>::fail(WriteStatus::kNotFound, "id",
                                   "the " + std::string(what) + " this request created (id " +
                                       std::to_string(known->entity_id) +
                                       ") has been deleted since");
}

// After the fold's verdict on an attempt of a create: its answer when the request was
// keyed and the fold accepted it, or found it repeated; nullopt otherwise.
template <typename Entity, typename Find>
std::optional<WriteResult<Entity>> keyed_answer(const View& view,
                                                const std::optional<IdempotencyKey>& key,
                                                schema::VoidReason reason, Find find,
                                                std::string_view what) {
  if (!key ||
      (reason != schema::VoidReason::kNone && reason != schema::VoidReason::kRepeatedRequest)) {
    return std::nullopt;
  }
  return known_outcome<Entity>(view, *key, find, what);
}

// Gives a keyed request's event its id and digest (every attempt the same id).
inline void apply_key(schema::Event& event, const std::optional<IdempotencyKey>& key) {
  if (!key) return;
  event.id = key->event_id;
  event.request_digest = key->digest;
}

// The answer to a write whose event may or may not reach the log (the log did not confirm
// it in time): 503, saying so and how to find out.
std::string unknown_outcome_message(bool keyed);

}  // namespace linkstream::api
