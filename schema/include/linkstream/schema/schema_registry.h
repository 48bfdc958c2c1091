#pragma once
// The JSON Schemas of schema/events/, compiled into the library, and validation against
// them. Immutable after first use; safe to share across threads.

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

namespace linkstream::schema {

class SchemaRegistry {
 public:
  // The process-wide registry. Aborts at first use if an embedded schema does not parse,
  // holds a pattern RE2 cannot compile, or a pattern anywhere but on a top-level property
  // (build defects, caught by the unit tests).
  static const SchemaRegistry& instance();

  // True when a schema exists for `type` at `version`.
  bool knows(std::string_view type, int version) const;
  // True when `type` exists at any version.
  bool knows_type(std::string_view type) const;

  // nullopt when `envelope` is a valid envelope, else a message naming the failing rule.
  std::optional<std::string> validate_envelope(const rapidjson::Value& envelope) const;
  // nullopt when `data` is valid for `type` at `version` (which must be known).
  std::optional<std::string> validate_data(std::string_view type, int version,
                                           const rapidjson::Value& data) const;

  SchemaRegistry(const SchemaRegistry&) = delete;
  SchemaRegistry& operator=(const SchemaRegistry&) = delete;
  ~SchemaRegistry();

 private:
  SchemaRegistry();
  struct Impl;
  Impl* impl_;
};

}  // namespace linkstream::schema
