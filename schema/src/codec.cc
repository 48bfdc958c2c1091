#include "linkstream/schema/codec.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "linkstream/schema/bounded_json.h"
#include "linkstream/schema/schema_registry.h"

namespace linkstream::schema {

namespace {

using rapidjson::Value;
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// --- bodies to JSON, written straight to text (no document is built) ------------------

void put(JsonWriter& w, const char* key, std::string_view x) {
  w.Key(key);
  w.String(x.data(), static_cast<rapidjson::SizeType>(x.size()));
}
void put(JsonWriter& w, const char* key, std::int64_t x) {
  w.Key(key);
  w.Int64(x);
}
void put(JsonWriter& w, const char* key, bool x) {
  w.Key(key);
  w.Bool(x);
}
void put(JsonWriter& w, const char* key, Timestamp t) {
  char text[kTimestampLength + 1];
  put(w, key, std::string_view(text, write_timestamp(t, text)));
}
void put_nullable(JsonWriter& w, const char* key, const std::optional<std::string>& x) {
  if (x) return put(w, key, std::string_view(*x));
  w.Key(key);
  w.Null();
}
void put_nullable(JsonWriter& w, const char* key, const std::optional<std::int64_t>& x) {
  if (x) return put(w, key, *x);
  w.Key(key);
  w.Null();
}
// `details` travels as a JSON object inside the event, not as a string. It is JSON text
// that a bounded parse accepted (a request body or a CSV cell) and is written as it is;
// encode() checks the result by decoding it.
void put_object(JsonWriter& w, const char* key, const std::string& json) {
  w.Key(key);
  w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}

void write_data(JsonWriter& w, const UserRegistered& e) {
  put(w, "user_id", e.user_id);
  put(w, "username", std::string_view(e.username));
  put(w, "email", std::string_view(e.email));
  put(w, "created_at", e.created_at);
}

void write_data(JsonWriter& w, const UserImported& e) {
  write_data(w, UserRegistered{e.user_id, e.username, e.email, e.created_at});
}

void write_data(JsonWriter& w, const UserUpdated& e) {
  put(w, "user_id", e.user_id);
  if (e.username) put(w, "username", std::string_view(*e.username));
  if (e.email) put(w, "email", std::string_view(*e.email));
}

void write_data(JsonWriter& w, const UserDeleted& e) {
  put(w, "user_id", e.user_id);
}

void write_data(JsonWriter& w, const UrlCreated& e) {
  put(w, "url_id", e.url_id);
  put(w, "user_id", e.user_id);
  put(w, "short_code", std::string_view(e.short_code));
  put(w, "original_url", std::string_view(e.original_url));
  put_nullable(w, "title", e.title);
  put(w, "is_active", e.is_active);
  put(w, "created_at", e.created_at);
}

void write_data(JsonWriter& w, const UrlImported& e) {
  write_data(w, UrlCreated{e.url_id, e.user_id, e.short_code, e.original_url, e.title, e.is_active,
                           e.created_at});
  put(w, "updated_at", e.updated_at);
}

void write_data(JsonWriter& w, const UrlUpdated& e) {
  put(w, "url_id", e.url_id);
  if (e.original_url) put(w, "original_url", std::string_view(*e.original_url));
  if (e.title) put_nullable(w, "title", *e.title);
  if (e.is_active) put(w, "is_active", *e.is_active);
  put(w, "updated_at", e.updated_at);
}

void write_data(JsonWriter& w, const UrlDeleted& e) {
  put(w, "url_id", e.url_id);
}

void write_data(JsonWriter& w, const ClickRecorded& e) {
  put(w, "url_id", e.url_id);
  put(w, "user_id", e.user_id);
  put(w, "short_code", std::string_view(e.short_code));
  put_nullable(w, "referrer", e.referrer);
  put_nullable(w, "user_agent", e.user_agent);
  put_nullable(w, "visitor", e.visitor);
}

void write_data(JsonWriter& w, const EventRecorded& e) {
  put_nullable(w, "url_id", e.url_id);
  put_nullable(w, "user_id", e.user_id);
  put(w, "event_type", std::string_view(e.event_type));
  put_object(w, "details", e.details);
}

void write_data(JsonWriter& w, const EventImported& e) {
  put(w, "event_id", e.event_id);
  put_nullable(w, "url_id", e.url_id);
  put_nullable(w, "user_id", e.user_id);
  put(w, "event_type", std::string_view(e.event_type));
  put(w, "timestamp", e.timestamp);
  put_object(w, "details", e.details);
}

void write_data(JsonWriter& w, const WebhookRegistered& e) {
  put(w, "webhook_id", std::string_view(e.webhook_id));
  put(w, "target_url", std::string_view(e.target_url));
  w.Key("event_types");
  w.StartArray();
  for (const auto& type : e.event_types)
    w.String(type.data(), static_cast<rapidjson::SizeType>(type.size()));
  w.EndArray();
  put_nullable(w, "url_id", e.url_id);
}

void write_data(JsonWriter& w, const WebhookDeleted& e) {
  put(w, "webhook_id", std::string_view(e.webhook_id));
}

void write_data(JsonWriter& w, const WebhookResendRequested& e) {
  put(w, "webhook_id", std::string_view(e.webhook_id));
  put(w, "delivery_id", std::string_view(e.delivery_id));
}

// --- JSON to bodies (the data was validated against its schema first) ---------------

std::string get_string(const Value& v, const char* key) {
  const Value& field = v[key];
  return std::string(field.GetString(), field.GetStringLength());
}

Timestamp get_timestamp(const Value& v, const char* key) {
  // The schema's pattern admits impossible dates (02-30); those read as the epoch rather
  // than failing a reader. The api never writes them.
  return parse_timestamp(get_string(v, key)).value_or(Timestamp{});
}

std::optional<std::string> get_nullable_string(const Value& v, const char* key) {
  auto it = v.FindMember(key);
  if (it == v.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::optional<std::int64_t> get_nullable_integer(const Value& v, const char* key) {
  auto it = v.FindMember(key);
  if (it == v.MemberEnd() || !it->value.IsInt64()) return std::nullopt;
  return it->value.GetInt64();
}

std::string get_object_text(const Value& v, const char* key) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v[key].Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

EventBody user_registered_v1(const Value& d) {
  return UserRegistered{.user_id = d["user_id"].GetInt64(),
                        .username = get_string(d, "username"),
                        .email = get_string(d, "email"),
                        .created_at = get_timestamp(d, "created_at")};
}

EventBody user_imported_v1(const Value& d) {
  auto r = std::get<UserRegistered>(user_registered_v1(d));
  return UserImported{r.user_id, r.username, r.email, r.created_at};
}

EventBody user_updated_v1(const Value& d) {
  return UserUpdated{.user_id = d["user_id"].GetInt64(),
                     .username = get_nullable_string(d, "username"),
                     .email = get_nullable_string(d, "email")};
}

EventBody user_deleted_v1(const Value& d) {
  return UserDeleted{.user_id = d["user_id"].GetInt64()};
}

UrlCreated read_url_created(const Value& d) {
  return UrlCreated{.url_id = d["url_id"].GetInt64(),
                    .user_id = d["user_id"].GetInt64(),
                    .short_code = get_string(d, "short_code"),
                    .original_url = get_string(d, "original_url"),
                    .title = get_nullable_string(d, "title"),
                    .is_active = d["is_active"].GetBool(),
                    .created_at = get_timestamp(d, "created_at")};
}

EventBody url_created_v1(const Value& d) {
  return read_url_created(d);
}

EventBody url_imported_v1(const Value& d) {
  const UrlCreated c = read_url_created(d);
  return UrlImported{c.url_id, c.user_id,   c.short_code, c.original_url,
                     c.title,  c.is_active, c.created_at, get_timestamp(d, "updated_at")};
}

EventBody url_updated_v1(const Value& d) {
  UrlUpdated e{.url_id = d["url_id"].GetInt64(),
               .original_url = get_nullable_string(d, "original_url"),
               .title = std::nullopt,
               .is_active = std::nullopt,
               .updated_at = get_timestamp(d, "updated_at")};
  if (d.HasMember("title")) e.title = get_nullable_string(d, "title");
  if (d.HasMember("is_active")) e.is_active = d["is_active"].GetBool();
  return e;
}

EventBody url_deleted_v1(const Value& d) {
  return UrlDeleted{.url_id = d["url_id"].GetInt64()};
}

// Version 1 clicks had no referrer, user agent or visitor: they read as unknown.
EventBody click_recorded_v1(const Value& d) {
  return ClickRecorded{.url_id = d["url_id"].GetInt64(),
                       .user_id = d["user_id"].GetInt64(),
                       .short_code = get_string(d, "short_code"),
                       .referrer = std::nullopt,
                       .user_agent = std::nullopt,
                       .visitor = std::nullopt};
}

EventBody click_recorded_v2(const Value& d) {
  auto click = std::get<ClickRecorded>(click_recorded_v1(d));
  click.referrer = get_nullable_string(d, "referrer");
  click.user_agent = get_nullable_string(d, "user_agent");
  click.visitor = get_nullable_string(d, "visitor");
  return click;
}

EventBody event_recorded_v1(const Value& d) {
  return EventRecorded{.url_id = get_nullable_integer(d, "url_id"),
                       .user_id = get_nullable_integer(d, "user_id"),
                       .event_type = get_string(d, "event_type"),
                       .details = get_object_text(d, "details")};
}

EventBody event_imported_v1(const Value& d) {
  return EventImported{.event_id = d["event_id"].GetInt64(),
                       .url_id = get_nullable_integer(d, "url_id"),
                       .user_id = get_nullable_integer(d, "user_id"),
                       .event_type = get_string(d, "event_type"),
                       .timestamp = get_timestamp(d, "timestamp"),
                       .details = get_object_text(d, "details")};
}

EventBody webhook_registered_v1(const Value& d) {
  WebhookRegistered e{.webhook_id = get_string(d, "webhook_id"),
                      .target_url = get_string(d, "target_url"),
                      .event_types = {},
                      .url_id = get_nullable_integer(d, "url_id")};
  for (const auto& type : d["event_types"].GetArray())
    e.event_types.emplace_back(type.GetString(), type.GetStringLength());
  return e;
}

EventBody webhook_deleted_v1(const Value& d) {
  return WebhookDeleted{.webhook_id = get_string(d, "webhook_id")};
}

EventBody webhook_resend_requested_v1(const Value& d) {
  return WebhookResendRequested{.webhook_id = get_string(d, "webhook_id"),
                                .delivery_id = get_string(d, "delivery_id")};
}

// Readers of (type, version). An older version is upcast here to the current struct, so
// the fold only ever sees current bodies.
std::optional<EventBody> read_body(std::string_view type, int version, const Value& data) {
  using Reader = EventBody (*)(const Value&);
  struct Entry {
    std::string_view type;
    int version;
    Reader read;
  };
  static constexpr Entry kReaders[] = {
      {UserRegistered::kType, 1, user_registered_v1},
      {UserImported::kType, 1, user_imported_v1},
      {UserUpdated::kType, 1, user_updated_v1},
      {UserDeleted::kType, 1, user_deleted_v1},
      {UrlCreated::kType, 1, url_created_v1},
      {UrlImported::kType, 1, url_imported_v1},
      {UrlUpdated::kType, 1, url_updated_v1},
      {UrlDeleted::kType, 1, url_deleted_v1},
      {ClickRecorded::kType, 1, click_recorded_v1},
      {ClickRecorded::kType, 2, click_recorded_v2},
      {EventRecorded::kType, 1, event_recorded_v1},
      {EventImported::kType, 1, event_imported_v1},
      {WebhookRegistered::kType, 1, webhook_registered_v1},
      {WebhookDeleted::kType, 1, webhook_deleted_v1},
      {WebhookResendRequested::kType, 1, webhook_resend_requested_v1},
  };
  for (const auto& entry : kReaders) {
    if (entry.type == type && entry.version == version) return entry.read(data);
  }
  return std::nullopt;
}

DecodeResult failure(DecodeError error, std::string message) {
  return DecodeResult{.event = std::nullopt, .error = error, .message = std::move(message)};
}

}  // namespace

std::string_view describe(DecodeError error) {
  switch (error) {
    case DecodeError::kMalformedJson:
      return "malformed_json";
    case DecodeError::kInvalidEnvelope:
      return "invalid_envelope";
    case DecodeError::kUnknownType:
      return "unknown_type";
    case DecodeError::kUnsupportedVersion:
      return "unsupported_version";
    case DecodeError::kInvalidData:
      return "invalid_data";
    case DecodeError::kTooLarge:
      return "too_large";
  }
  return "unknown";
}

std::string encode_unchecked(const Event& event) {
  // Room for a click (about 450 bytes) from the start: the default 256 grew once per click.
  rapidjson::StringBuffer buffer(nullptr, 1024);
  JsonWriter w(buffer);
  w.StartObject();
  put(w, "id", std::string_view(event.id));
  put(w, "type", type_name(event.body));
  w.Key("version");
  w.Int(type_version(event.body));
  put(w, "occurred_at", event.occurred_at);
  if (event.request_digest) put(w, "request_digest", std::string_view(*event.request_digest));
  w.Key("data");
  w.StartObject();
  std::visit([&w](const auto& body) { write_data(w, body); }, event.body);
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

EncodeResult encode(const Event& event) {
  std::string json = encode_unchecked(event);
  // The check every reader of the log makes: what decode refuses must not be written.
  if (auto decoded = decode(json); !decoded) return {.json = {}, .error = decoded.message};
  return {.json = std::move(json), .error = {}};
}

DecodeResult decode(std::string_view payload) {
  if (payload.size() > kMaxEventBytes) {
    return failure(
        DecodeError::kTooLarge,
        std::to_string(payload.size()) + " bytes; the limit is " + std::to_string(kMaxEventBytes));
  }
  rapidjson::Document doc;
  if (auto problem = parse_bounded_json(payload, doc, kMaxEventJsonDepth)) {
    return failure(DecodeError::kMalformedJson, std::move(*problem));
  }
  if (!doc.IsObject()) return failure(DecodeError::kMalformedJson, "payload is not a JSON object");

  const auto& registry = SchemaRegistry::instance();
  if (auto error = registry.validate_envelope(doc)) {
    return failure(DecodeError::kInvalidEnvelope, *error);
  }
  const std::string type = doc["type"].GetString();
  const int version = doc["version"].GetInt();
  if (!registry.knows_type(type)) {
    return failure(DecodeError::kUnknownType, "unknown event type '" + type + "'");
  }
  if (!registry.knows(type, version)) {
    return failure(DecodeError::kUnsupportedVersion,
                   type + " v" + std::to_string(version) + " is not known to this build");
  }
  if (auto error = registry.validate_data(type, version, doc["data"])) {
    return failure(DecodeError::kInvalidData, type + " data: " + *error);
  }
  auto body = read_body(type, version, doc["data"]);
  if (!body) {
    return failure(DecodeError::kUnsupportedVersion,
                   type + " v" + std::to_string(version) + " has a schema but no reader");
  }
  auto occurred_at = parse_timestamp(doc["occurred_at"].GetString());
  if (!occurred_at) return failure(DecodeError::kInvalidEnvelope, "occurred_at is not a real time");
  Event event{.id = doc["id"].GetString(), .occurred_at = *occurred_at, .body = std::move(*body)};
  if (doc.HasMember("request_digest")) event.request_digest = doc["request_digest"].GetString();
  return DecodeResult{.event = std::move(event), .error = {}, .message = {}};
}

}  // namespace linkstream::schema
