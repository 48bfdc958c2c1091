#include "http/pagination.h"

#include <algorithm>
#include <charconv>

#include "http/query_value.h"

namespace linkstream::api {

std::optional<std::int64_t> integer_parameter(const Pistache::Http::Uri::Query& query,
                                              const std::string& name, std::string& error) {
  auto text = query_value(query, name);
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  const char* first = text->data();
  const char* last = text->data() + text->size();
  auto [end, ec] = std::from_chars(first, last, value);
  if (ec == std::errc::result_out_of_range && end == last) {
    error = name + " must be an integer from -9223372036854775808 to 9223372036854775807";
    return std::nullopt;
  }
  if (text->empty() || ec != std::errc() || end != last) {
    error = name + " must be an integer";
    return std::nullopt;
  }
  return value;
}

std::variant<PageRequest, std::string> parse_pagination(const Pistache::Http::Uri::Query& query) {
  std::string error;
  auto page = integer_parameter(query, "page", error);
  auto per_page = integer_parameter(query, "per_page", error);
  if (!error.empty()) return error;
  PageRequest request;
  if (!page && !per_page) return request;
  const std::int64_t size =
      std::clamp<std::int64_t>(per_page.value_or(kDefaultPerPage), 1, kMaxPerPage);
  // Clamped so that offset * size cannot overflow.
  const std::int64_t number = std::clamp<std::int64_t>(page.value_or(1), 1, 1'000'000'000);
  request.limit = size;
  request.offset = (number - 1) * size;
  return request;
}

}  // namespace linkstream::api
