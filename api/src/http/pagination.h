#pragma once
// ?page=&per_page= as the contract defines them: page starts at 1 (below 1 reads as 1);
// with neither parameter every row is returned; per_page is capped at 1000 and defaults
// to 20 when only page is given.

#include <pistache/http.h>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace linkstream::api {

inline constexpr std::int64_t kMaxPerPage = 1000;
inline constexpr std::int64_t kDefaultPerPage = 20;

struct PageRequest {
  std::optional<std::int64_t> limit;  // nullopt: all rows
  std::int64_t offset = 0;
};

// A PageRequest, or the message of a 400 when a parameter is not an integer.
std::variant<PageRequest, std::string> parse_pagination(const Pistache::Http::Uri::Query& query);

// The named query parameter as an integer: nullopt when absent; the error message of a 400
// in `error` when present but not an integer.
std::optional<std::int64_t> integer_parameter(const Pistache::Http::Uri::Query& query,
                                              const std::string& name, std::string& error);

}  // namespace linkstream::api
