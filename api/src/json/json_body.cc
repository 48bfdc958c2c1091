#include "json/json_body.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "linkstream/schema/bounded_json.h"

namespace linkstream::api {

namespace {

std::string_view type_of(const rapidjson::Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "a boolean";
  if (v.IsString()) return "a string";
  if (v.IsArray()) return "an array";
  if (v.IsObject()) return "an object";
  if (v.IsInt64() || v.IsUint64()) return "an integer";
  return "a number";
}

}  // namespace

std::optional<JsonBody> JsonBody::parse(std::string_view text, FieldError& error) {
  JsonBody body;
  body.doc_ = std::make_shared<rapidjson::Document>();
  if (auto problem = schema::parse_bounded_json(text, *body.doc_)) {
    error = {"", "the body is not valid JSON: " + *problem};
    return std::nullopt;
  }
  if (!body.doc_->IsObject()) {
    error = {"", "the body must be a JSON object, not " + std::string(type_of(*body.doc_))};
    return std::nullopt;
  }
  return body;
}

const rapidjson::Value* JsonBody::find(const char* key) const {
  auto it = doc_->FindMember(key);
  return it == doc_->MemberEnd() ? nullptr : &it->value;
}

bool JsonBody::has(const char* key) const {
  return find(key) != nullptr;
}

void JsonBody::fail(const char* key, std::string message) {
  if (!error_) error_ = FieldError{key, std::move(message)};
}

std::optional<std::string> JsonBody::required_string(const char* key) {
  const auto* v = find(key);
  if (!v) {
    fail(key, std::string(key) + " is required");
    return std::nullopt;
  }
  if (!v->IsString()) {
    fail(key, std::string(key) + " must be a string, not " + std::string(type_of(*v)));
    return std::nullopt;
  }
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<std::string> JsonBody::optional_string(const char* key) {
  const auto* v = find(key);
  if (!v || v->IsNull()) return std::nullopt;
  if (!v->IsString()) {
    fail(key, std::string(key) + " must be a string, not " + std::string(type_of(*v)));
    return std::nullopt;
  }
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<std::int64_t> JsonBody::required_integer(const char* key) {
  const auto* v = find(key);
  if (!v) {
    fail(key, std::string(key) + " is required");
    return std::nullopt;
  }
  if (!v->IsInt64()) {
    fail(key, std::string(key) + " must be an integer, not " + std::string(type_of(*v)));
    return std::nullopt;
  }
  return v->GetInt64();
}

std::optional<std::int64_t> JsonBody::optional_integer(const char* key) {
  const auto* v = find(key);
  if (!v || v->IsNull()) return std::nullopt;
  return required_integer(key);
}

std::optional<std::vector<std::string>> JsonBody::required_string_array(const char* key) {
  const auto* v = find(key);
  if (!v) {
    fail(key, std::string(key) + " is required");
    return std::nullopt;
  }
  if (!v->IsArray()) {
    fail(key, std::string(key) + " must be an array of strings, not " + std::string(type_of(*v)));
    return std::nullopt;
  }
  std::vector<std::string> strings;
  for (const auto& item : v->GetArray()) {
    if (!item.IsString()) {
      fail(key, std::string(key) + " must hold strings only, not " + std::string(type_of(item)));
      return std::nullopt;
    }
    strings.emplace_back(item.GetString(), item.GetStringLength());
  }
  return strings;
}

std::optional<bool> JsonBody::optional_boolean(const char* key) {
  const auto* v = find(key);
  if (!v || v->IsNull()) return std::nullopt;
  if (!v->IsBool()) {
    fail(key, std::string(key) + " must be a boolean, not " + std::string(type_of(*v)));
    return std::nullopt;
  }
  return v->GetBool();
}

std::optional<std::string> JsonBody::optional_object(const char* key) {
  const auto* v = find(key);
  if (!v || v->IsNull()) return std::nullopt;
  if (!v->IsObject()) {
    fail(key, std::string(key) + " must be a JSON object, not " + std::string(type_of(*v)));
    return std::nullopt;
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v->Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace linkstream::api
