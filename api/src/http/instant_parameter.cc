#include "http/instant_parameter.h"

#include <string>

namespace linkstream::api {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Two digits at `at`, or -1.
int two_digits(std::string_view text, std::size_t at) {
  if (at + 2 > text.size() || !is_digit(text[at]) || !is_digit(text[at + 1])) return -1;
  return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

}  // namespace

std::optional<schema::Timestamp> parse_instant(std::string_view text) {
  if (text.size() < schema::kTimestampLength) return std::nullopt;
  std::string date_time(text.substr(0, schema::kTimestampLength));
  if (date_time[10] == 't') date_time[10] = 'T';
  if (date_time.compare(17, 2, "60") == 0) date_time.replace(17, 2, "59");
  auto instant = schema::parse_timestamp(date_time);
  if (!instant) return std::nullopt;

  auto rest = text.substr(schema::kTimestampLength);
  if (!rest.empty() && rest.front() == '.') {
    std::size_t digits = 1;
    while (digits < rest.size() && is_digit(rest[digits])) ++digits;
    if (digits == 1) return std::nullopt;
    rest.remove_prefix(digits);
  }
  if (rest.empty()) return instant;
  if (rest == "Z" || rest == "z") return instant;
  if (rest.size() != 6 || rest[3] != ':') return std::nullopt;
  const char sign = rest[0];
  if (sign != '+' && sign != '-' && sign != ' ') return std::nullopt;
  const int hours = two_digits(rest, 1);
  const int minutes = two_digits(rest, 4);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return std::nullopt;
  const auto offset = std::chrono::hours(hours) + std::chrono::minutes(minutes);
  // Local time minus its offset east of UTC is UTC.
  return sign == '-' ? *instant + offset : *instant - offset;
}

}  // namespace linkstream::api
