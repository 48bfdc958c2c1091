#pragma once
// Entity ids in paths ("/users/{id}"): a positive integer, or not an id at all; webhooks'
// and deliveries' ids ("/webhooks/{id}"): a lower-case UUID.

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

inline bool path_uuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace linkstream::api
