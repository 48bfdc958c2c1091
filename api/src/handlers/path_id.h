#pragma once
// Entity ids in paths ("/users/{id}"): a positive integer, or not an id at all.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>

namespace linkstream::api {

inline std::optional<std::int64_t> path_id(const std::string& text) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || id < 1) {
    return std::nullopt;
  }
  return id;
}

}  // namespace linkstream::api
