#pragma once
// Reading a process's settings from environment variables. Each getter returns the
// default when the variable is unset or empty, and throws SettingError (naming the
// variable and what it must be) when it is set to something unusable.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace linkstream::platform {

class SettingError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

std::string env_string(const char* name, const std::string& fallback);
// An integer in [min, max].
std::int64_t env_integer(const char* name, std::int64_t fallback, std::int64_t min,
                         std::int64_t max);
// "true"/"false", "1"/"0", "yes"/"no", "on"/"off".
bool env_flag(const char* name, bool fallback);

// The URI with its password (if any) replaced by "***", for printing.
std::string mask_password(const std::string& uri);

}  // namespace linkstream::platform
