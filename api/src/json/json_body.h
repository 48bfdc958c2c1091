#pragma once
// A request body that must be one JSON object, with typed access to its fields.
//
// Getters never throw: a missing or wrongly typed field records the first error (field
// name and a message for the client) and returns nullopt, so a handler reads every field,
// then answers 400 with error() if there was one.

#include <rapidjson/document.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linkstream::api {

struct FieldError {
  std::string field;  // empty when the body as a whole is wrong
  std::string message;
};

class JsonBody {
 public:
  // nullopt with `error` set when `text` is not JSON, not a JSON object, not UTF-8, or
  // nested deeper than schema::kMaxJsonDepth (bounded_json.h).
  static std::optional<JsonBody> parse(std::string_view text, FieldError& error);

  // A string field that must be present.
  std::optional<std::string> required_string(const char* key);
  // Absent or null: nullopt and no error. Otherwise it must be a string.
  std::optional<std::string> optional_string(const char* key);
  // An integer field that must be present (not a boolean, a float or a numeric string).
  std::optional<std::int64_t> required_integer(const char* key);
  // Absent or null: nullopt and no error. Otherwise it must be an integer.
  std::optional<std::int64_t> optional_integer(const char* key);
  // An array of strings that must be present (empty or not: the caller judges).
  std::optional<std::vector<std::string>> required_string_array(const char* key);
  // Absent or null: nullopt and no error. Otherwise it must be a boolean.
  std::optional<bool> optional_boolean(const char* key);
  // Absent or null: nullopt and no error. Otherwise it must be an object; returned as JSON.
  std::optional<std::string> optional_object(const char* key);

  bool has(const char* key) const;
  const std::optional<FieldError>& error() const { return error_; }

 private:
  JsonBody() = default;
  void fail(const char* key, std::string message);
  const rapidjson::Value* find(const char* key) const;

  std::shared_ptr<rapidjson::Document> doc_;
  std::optional<FieldError> error_;
};

}  // namespace linkstream::api
