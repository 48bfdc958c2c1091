#pragma once
// The JSON Schema texts of schema/events/, compiled in by the build.

#include <string_view>
#include <vector>

namespace linkstream::schema::internal {

struct EmbeddedSchema {
  std::string_view name;  // an event type ("UserRegistered"), or "envelope"
  int version;            // 0 for the envelope
  std::string_view text;
};

const std::vector<EmbeddedSchema>& embedded_schemas();

}  // namespace linkstream::schema::internal
