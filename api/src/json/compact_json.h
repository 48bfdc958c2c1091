#pragma once
// A JSON text with its insignificant whitespace removed: one line, whatever the writer's
// layout, so that it can be a line of NDJSON or the data of a server-sent event. Iterative
// (no recursion, however deep the text nests). nullopt when the text is not JSON.

#include <optional>
#include <string>
#include <string_view>

namespace linkstream::api {

std::optional<std::string> compact_json(std::string_view text);

}  // namespace linkstream::api
