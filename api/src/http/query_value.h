#pragma once
// A query parameter as the client meant it. Pistache 0.0.5 hands query values over still
// percent-encoded ("q=users%2F" arrives as "users%2F"), so every handler reads them here.

#include <pistache/http.h>

#include <optional>
#include <string>
#include <string_view>

namespace linkstream::api {

// "%2F" becomes "/", "+" a space; a "%" not followed by two hex digits is kept as it is.
std::string percent_decode(std::string_view text);

inline std::optional<std::string> query_value(const Pistache::Http::Uri::Query& query,
                                              const std::string& name) {
  auto raw = query.get(name);
  if (!raw) return std::nullopt;
  return percent_decode(*raw);
}

}  // namespace linkstream::api
