#pragma once
// JSON nested to a chosen depth, for tests of the nesting limit (schema/bounded_json.h).

#include <string>

namespace linkstream::testing {

// `{"a":{"a":...{}...}}` with `depth` objects.
inline std::string nested_objects(int depth) {
  std::string text;
  for (int i = 1; i < depth; ++i) text += R"({"a":)";
  text += "{}";
  text.append(static_cast<std::size_t>(depth - 1), '}');
  return text;
}

// `[[...[]...]]` with `depth` arrays.
inline std::string nested_arrays(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']');
}

}  // namespace linkstream::testing
