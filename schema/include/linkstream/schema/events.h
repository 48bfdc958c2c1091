#pragma once
// The events of linkstream's log, one struct per type at its current version.
//
// An event is an envelope (id, time) around a body. Bodies are plain values; they are
// turned into JSON and back only by codec.h (which also upcasts older versions), and their
// effect on state is decided only by fold.h. docs/events.md describes each type for
// readers outside this code base.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "linkstream/schema/timestamp.h"

namespace linkstream::schema {

// ---- linkstream.users -----------------------------------------------------------------

// A user signed up through the api. Ids are chosen by the writer and travel in the event.
struct UserRegistered {
  static constexpr std::string_view kType = "UserRegistered";
  static constexpr int kVersion = 1;
  std::int64_t user_id = 0;
  std::string username;
  std::string email;
  Timestamp created_at{};
};

// A user row of a migrated data set (bulk import). Keeps the file's id and time; a
// username may repeat (existing data is taken as it is); importing a row identical to the
// user the log holds is a no-op.
struct UserImported {
  static constexpr std::string_view kType = "UserImported";
  static constexpr int kVersion = 1;
  std::int64_t user_id = 0;
  std::string username;
  std::string email;
  Timestamp created_at{};
};

// A partial update: only the fields present change.
struct UserUpdated {
  static constexpr std::string_view kType = "UserUpdated";
  static constexpr int kVersion = 1;
  std::int64_t user_id = 0;
  std::optional<std::string> username;
  std::optional<std::string> email;
};

// The user is gone; its e-mail and username are free again, its id never is, and its
// URLs stop redirecting.
struct UserDeleted {
  static constexpr std::string_view kType = "UserDeleted";
  static constexpr int kVersion = 1;
  std::int64_t user_id = 0;
};

// ---- linkstream.urls ------------------------------------------------------------------

struct UrlCreated {
  static constexpr std::string_view kType = "UrlCreated";
  static constexpr int kVersion = 1;
  std::int64_t url_id = 0;
  std::int64_t user_id = 0;
  std::string short_code;
  std::string original_url;
  std::optional<std::string> title;
  bool is_active = true;
  Timestamp created_at{};
};

// A URL row of a migrated data set: keeps the file's id, code and times.
struct UrlImported {
  static constexpr std::string_view kType = "UrlImported";
  static constexpr int kVersion = 1;
  std::int64_t url_id = 0;
  std::int64_t user_id = 0;
  std::string short_code;
  std::string original_url;
  std::optional<std::string> title;
  bool is_active = true;
  Timestamp created_at{};
  Timestamp updated_at{};
};

// A partial update: only the fields present change; updated_at always does.
struct UrlUpdated {
  static constexpr std::string_view kType = "UrlUpdated";
  static constexpr int kVersion = 1;
  std::int64_t url_id = 0;
  std::optional<std::string> original_url;
  std::optional<std::optional<std::string>> title;  // present and null: the title is removed
  std::optional<bool> is_active;
  Timestamp updated_at{};
};

// The URL is gone; its short code stays taken, so an old link never leads somewhere new.
struct UrlDeleted {
  static constexpr std::string_view kType = "UrlDeleted";
  static constexpr int kVersion = 1;
  std::int64_t url_id = 0;
};

// ---- linkstream.clicks ----------------------------------------------------------------

// A redirect was served; the time is the envelope's. Version 2 added referrer,
// user_agent and visitor; a version 1 click reads with all three null.
struct ClickRecorded {
  static constexpr std::string_view kType = "ClickRecorded";
  static constexpr int kVersion = 2;
  std::int64_t url_id = 0;
  std::int64_t user_id = 0;  // the URL's owner
  std::string short_code;
  std::optional<std::string> referrer = std::nullopt;    // the Referer header, as sent
  std::optional<std::string> user_agent = std::nullopt;  // the User-Agent header, as sent
  std::optional<std::string> visitor =
      std::nullopt;  // salted hash of the client address, never the address
};

// ---- linkstream.events ----------------------------------------------------------------

// An event a client posted (POST /events); the time is the envelope's.
struct EventRecorded {
  static constexpr std::string_view kType = "EventRecorded";
  static constexpr int kVersion = 1;
  std::optional<std::int64_t> url_id;
  std::optional<std::int64_t> user_id;
  std::string event_type;
  std::string details = "{}";  // a JSON object, as text
};

// An event row of a migrated data set: keeps the file's id and time.
struct EventImported {
  static constexpr std::string_view kType = "EventImported";
  static constexpr int kVersion = 1;
  std::int64_t event_id = 0;  // below kFirstLogDerivedRowId (topics.h)
  std::optional<std::int64_t> url_id;
  std::optional<std::int64_t> user_id;
  std::string event_type;
  Timestamp timestamp{};
  std::string details = "{}";  // a JSON object, as text
};

// ---- linkstream.webhooks --------------------------------------------------------------
// Read by linkstream-deliverer (docs/webhooks.md); no entity of the fold changes.

// A client asked to be sent the events of `event_types` (the log's type names), only those
// about `url_id` when it is given. The target passed the webhook URL policy. No secret is
// in the log: the signing secret is derived from the id and the deployment's webhook key.
struct WebhookRegistered {
  static constexpr std::string_view kType = "WebhookRegistered";
  static constexpr int kVersion = 1;
  std::string webhook_id;  // a UUID
  std::string target_url;
  std::vector<std::string> event_types;
  std::optional<std::int64_t> url_id;
};

// Nothing more is sent; deliveries not yet made are dropped.
struct WebhookDeleted {
  static constexpr std::string_view kType = "WebhookDeleted";
  static constexpr int kVersion = 1;
  std::string webhook_id;
};

// A delivery the deliverer gave up on is to be sent again, id and body unchanged.
struct WebhookResendRequested {
  static constexpr std::string_view kType = "WebhookResendRequested";
  static constexpr int kVersion = 1;
  std::string webhook_id;
  std::string delivery_id;
};

using EventBody =
    std::variant<UserRegistered, UserImported, UserUpdated, UserDeleted, UrlCreated, UrlImported,
                 UrlUpdated, UrlDeleted, ClickRecorded, EventRecorded, EventImported,
                 WebhookRegistered, WebhookDeleted, WebhookResendRequested>;

struct Event {
  std::string id;           // random UUID, see event_id.h; name-based for a keyed request
  Timestamp occurred_at{};  // when the writer produced it
  EventBody body;
  // Set when a client's Idempotency-Key named this event: the SHA-256 (hex) of the request
  // it came from. The fold then takes the event's id to be the request's (fold.h).
  std::optional<std::string> request_digest;
};

// Wraps a body in a new envelope with a fresh id and the current time.
Event make_event(EventBody body);

// The body's type name, as written in the envelope ("UrlCreated").
std::string_view type_name(const EventBody& body);
// The version this build writes for the body's type.
int type_version(const EventBody& body);

}  // namespace linkstream::schema
