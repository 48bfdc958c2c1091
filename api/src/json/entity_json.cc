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

}  // namespace

std::string user_json(const schema::User& user) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("id");
  w.Int64(user.id);
  string_field(w, "username", user.username);
  string_field(w, "email", user.email);
  string_field(w, "created_at", schema::format_timestamp(user.created_at));
  w.EndObject();
  return buffer.GetString();
}

std::string url_json(const schema::Url& url) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
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
  return buffer.GetString();
}

}  // namespace linkstream::api
