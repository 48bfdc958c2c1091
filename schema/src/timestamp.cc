#include "linkstream/schema/timestamp.h"

#include <charconv>

namespace linkstream::schema {

Timestamp now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

namespace {

void write_digits(char* out, int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

std::size_t write_timestamp(Timestamp t, char* out) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  write_digits(out, static_cast<int>(ymd.year()), 4);
  out[4] = '-';
  write_digits(out + 5, static_cast<int>(static_cast<unsigned>(ymd.month())), 2);
  out[7] = '-';
  write_digits(out + 8, static_cast<int>(static_cast<unsigned>(ymd.day())), 2);
  out[10] = 'T';
  write_digits(out + 11, static_cast<int>(hms.hours().count()), 2);
  out[13] = ':';
  write_digits(out + 14, static_cast<int>(hms.minutes().count()), 2);
  out[16] = ':';
  write_digits(out + 17, static_cast<int>(hms.seconds().count()), 2);
  return kTimestampLength;
}

std::string format_timestamp(Timestamp t) {
  char text[kTimestampLength];
  return std::string(text, write_timestamp(t, text));
}

namespace {

bool read_number(std::string_view text, std::size_t pos, std::size_t width, int& out) {
  if (pos + width > text.size()) return false;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  std::from_chars(text.data() + pos, text.data() + pos + width, out);
  return true;
}

}  // namespace

std::optional<Timestamp> parse_timestamp(std::string_view text) {
  // 0123456789012345678
  // YYYY-MM-DDTHH:MM:SS
  if (text.size() != 19 || text[4] != '-' || text[7] != '-' || text[13] != ':' || text[16] != ':' ||
      (text[10] != 'T' && text[10] != ' ')) {
    return std::nullopt;
  }
  int year, month, day, hour, minute, second;
  if (!read_number(text, 0, 4, year) || !read_number(text, 5, 2, month) ||
      !read_number(text, 8, 2, day) || !read_number(text, 11, 2, hour) ||
      !read_number(text, 14, 2, minute) || !read_number(text, 17, 2, second)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return std::chrono::sys_days{ymd} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
         std::chrono::seconds{second};
}

}  // namespace linkstream::schema
