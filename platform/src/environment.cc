#include "linkstream/platform/environment.h"

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace linkstream::platform {

std::string env_string(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : fallback;
}

std::int64_t env_integer(const char* name, std::int64_t fallback, std::int64_t min,
                         std::int64_t max) {
  const char* value = std::getenv(name);
  if (!value || !*value) return fallback;
  const std::string_view text(value);
  std::int64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size() || number < min || number > max) {
    throw SettingError(std::string(name) + "=" + value + ": must be an integer from " +
                       std::to_string(min) + " to " + std::to_string(max));
  }
  return number;
}

bool env_flag(const char* name, bool fallback) {
  const char* value = std::getenv(name);
  if (!value || !*value) return fallback;
  const std::string_view v(value);
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  throw SettingError(std::string(name) + "=" + value + ": must be true or false");
}

std::string mask_password(const std::string& uri) {
  // scheme://user:password@host...
  const auto scheme = uri.find("://");
  if (scheme == std::string::npos) return uri;
  const auto at = uri.find('@', scheme + 3);
  if (at == std::string::npos) return uri;
  const auto colon = uri.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return uri;
  return uri.substr(0, colon + 1) + "***" + uri.substr(at);
}

}  // namespace linkstream::platform
