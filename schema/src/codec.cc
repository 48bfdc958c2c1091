#include "linkstream/schema/codec.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "linkstream/schema/schema_registry.h"

namespace linkstream::schema {

namespace {

using rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

Value string_value(std::string_view s, Allocator& a) {
  return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

Value timestamp_value(Timestamp t, Allocator& a) {
  return string_value(format_timestamp(t), a);
}

// --- bodies to JSON -----------------------------------------------------------------

Value to_json(const UserRegistered& e, Allocator& a) {
  Value v(rapidjson::kObjectType);
  v.AddMember("user_id", e.user_id, a);
  v.AddMember("username", string_value(e.username, a), a);
  v.AddMember("email", string_value(e.email, a), a);
  v.AddMember("created_at", timestamp_value(e.created_at, a), a);
  return v;
}

Value to_json(const UrlCreated& e, Allocator& a) {
  Value v(rapidjson::kObjectType);
  v.AddMember("url_id", e.url_id, a);
  v.AddMember("user_id", e.user_id, a);
  v.AddMember("short_code", string_value(e.short_code, a), a);
  v.AddMember("original_url", string_value(e.original_url, a), a);
  v.AddMember("title", e.title ? string_value(*e.title, a) : Value(rapidjson::kNullType), a);
  v.AddMember("is_active", e.is_active, a);
  v.AddMember("created_at", timestamp_value(e.created_at, a), a);
  return v;
}

Value to_json(const ClickRecorded& e, Allocator& a) {
  Value v(rapidjson::kObjectType);
  v.AddMember("url_id", e.url_id, a);
  v.AddMember("user_id", e.user_id, a);
  v.AddMember("short_code", string_value(e.short_code, a), a);
  return v;
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

EventBody user_registered_v1(const Value& d) {
  return UserRegistered{.user_id = d["user_id"].GetInt64(),
                        .username = get_string(d, "username"),
                        .email = get_string(d, "email"),
                        .created_at = get_timestamp(d, "created_at")};
}

EventBody url_created_v1(const Value& d) {
  UrlCreated e{.url_id = d["url_id"].GetInt64(),
               .user_id = d["user_id"].GetInt64(),
               .short_code = get_string(d, "short_code"),
               .original_url = get_string(d, "original_url"),
               .title = std::nullopt,
               .is_active = d["is_active"].GetBool(),
               .created_at = get_timestamp(d, "created_at")};
  if (d["title"].IsString()) e.title = get_string(d, "title");
  return e;
}

EventBody click_recorded_v1(const Value& d) {
  return ClickRecorded{.url_id = d["url_id"].GetInt64(),
                       .user_id = d["user_id"].GetInt64(),
                       .short_code = get_string(d, "short_code")};
}

// Readers of (type, version). An older version is upcast here to the current struct, so
// the fold only ever sees current bodies.
std::optional<EventBody> read_body(std::string_view type, int version, const Value& data) {
  if (type == UserRegistered::kType && version == 1) return user_registered_v1(data);
  if (type == UrlCreated::kType && version == 1) return url_created_v1(data);
  if (type == ClickRecorded::kType && version == 1) return click_recorded_v1(data);
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
  }
  return "unknown";
}

EncodeResult encode(const Event& event) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  const std::string_view type = type_name(event.body);
  const int version =
      std::visit([](const auto& b) { return std::decay_t<decltype(b)>::kVersion; }, event.body);
  doc.AddMember("id", string_value(event.id, a), a);
  doc.AddMember("type", string_value(type, a), a);
  doc.AddMember("version", version, a);
  doc.AddMember("occurred_at", timestamp_value(event.occurred_at, a), a);
  Value data = std::visit([&a](const auto& b) { return to_json(b, a); }, event.body);

  const auto& registry = SchemaRegistry::instance();
  if (auto error = registry.validate_data(type, version, data)) {
    return {.json = {}, .error = std::string(type) + " data: " + *error};
  }
  doc.AddMember("data", data, a);
  if (auto error = registry.validate_envelope(doc)) {
    return {.json = {}, .error = "envelope: " + *error};
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc.Accept(writer);
  return {.json = std::string(buffer.GetString(), buffer.GetSize()), .error = {}};
}

DecodeResult decode(std::string_view payload) {
  rapidjson::Document doc;
  doc.Parse(payload.data(), payload.size());
  if (doc.HasParseError()) {
    return failure(DecodeError::kMalformedJson,
                   std::string(rapidjson::GetParseError_En(doc.GetParseError())) + " at byte " +
                       std::to_string(doc.GetErrorOffset()));
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
  return DecodeResult{
      .event =
          Event{.id = doc["id"].GetString(), .occurred_at = *occurred_at, .body = std::move(*body)},
      .error = {},
      .message = {}};
}

}  // namespace linkstream::schema
