#include "json/entity_json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace linkstream::api {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void string_field(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void write_user(Writer& w, const schema::User& user) {
  w.StartObject();
  w.Key("id");
  w.Int64(user.id);
  string_field(w, "username", user.username);
  string_field(w, "email", user.email);
  string_field(w, "created_at", schema::format_timestamp(user.created_at));
  w.EndObject();
}

void write_url(Writer& w, const schema::Url& url) {
  w.StartObject();
  w.Key("id");
  w.Int64(url.id);
  w.Key("user_id");
  w.Int64(url.user_id);
  string_field(w, "short_code", url.short_code);
  string_field(w, "original_url", url.original_url);
  w.Key("title");
  if (url.title) {
    w.String(url.title->data(), static_cast<rapidjson::SizeType>(url.title->size()));
  } else {
    w.Null();
  }
  w.Key("is_active");
  w.Bool(url.is_active);
  string_field(w, "created_at", schema::format_timestamp(url.created_at));
  string_field(w, "updated_at", schema::format_timestamp(url.updated_at));
  w.EndObject();
}

void nullable_integer(Writer& w, const char* key, const std::optional<std::int64_t>& value) {
  w.Key(key);
  if (value) {
    w.Int64(*value);
  } else {
    w.Null();
  }
}

template <typename Item, typename WriteItem>
std::string json_array(const std::vector<Item>& items, WriteItem write_item) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartArray();
  for (const auto& item : items) write_item(w, item);
  w.EndArray();
  return buffer.GetString();
}

template <typename Item, typename WriteItem>
std::string json_object(const Item& item, WriteItem write_item) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  write_item(w, item);
  return buffer.GetString();
}

}  // namespace

std::string user_json(const schema::User& user) {
  return json_object(user, write_user);
}
std::string url_json(const schema::Url& url) {
  return json_object(url, write_url);
}
std::string users_json(const std::vector<schema::User>& users) {
  return json_array(users, write_user);
}
std::string urls_json(const std::vector<schema::Url>& urls) {
  return json_array(urls, write_url);
}

std::string event_json(const EventRecord& event) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("id");
  w.Int64(event.id);
  nullable_integer(w, "url_id", event.url_id);
  nullable_integer(w, "user_id", event.user_id);
  string_field(w, "event_type", event.event_type);
  string_field(w, "timestamp", schema::format_timestamp(event.timestamp));
  w.Key("details");
  w.RawValue(event.details.data(), event.details.size(), rapidjson::kObjectType);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace linkstream::api
