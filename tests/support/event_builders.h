#pragma once
// Events for tests of the fold and of what is built on it: a registered user and a created
// URL with the fields a test does not care about filled in.

#include <optional>
#include <string>

#include "linkstream/schema/events.h"
#include "linkstream/schema/timestamp.h"

namespace linkstream::testing {

inline schema::Event user(std::int64_t id, std::string username, std::string email) {
  return schema::make_event(schema::UserRegistered{.user_id = id,
                                                   .username = std::move(username),
                                                   .email = std::move(email),
                                                   .created_at = schema::now()});
}

// `event` as an attempt of a keyed request: the id every attempt shares, and its digest.
inline schema::Event keyed(schema::Event event, std::string id, std::string digest) {
  event.id = std::move(id);
  event.request_digest = std::move(digest);
  return event;
}

// A URL of user `owner`, its original URL made from its id.
inline schema::Event url(std::int64_t id, std::string code, std::int64_t owner = 1,
                         std::optional<std::string> title = std::nullopt) {
  return schema::make_event(
      schema::UrlCreated{.url_id = id,
                         .user_id = owner,
                         .short_code = std::move(code),
                         .original_url = "https://example.com/" + std::to_string(id),
                         .title = std::move(title),
                         .is_active = true,
                         .created_at = schema::now()});
}

}  // namespace linkstream::testing
