#include "domain/validation.h"

#include <algorithm>

#include "domain/short_code.h"

namespace linkstream::api {

namespace {

bool is_control(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

// C0 controls and DEL, C1 controls (U+0080 to U+009F) and the bidirectional formatting
// characters (U+202A to U+202E, U+2066 to U+2069), which make a name read as another in
// any interface that shows it ("ok\u202Eevil" shows as "oklive"). `s` is UTF-8 (bodies are
// checked before they reach here).
bool has_control(std::string_view s) {
  const auto byte = [&](std::size_t i) {
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = byte(i);
    if (is_control(c)) return true;
    if (c == 0xc2 && byte(i + 1) >= 0x80 && byte(i + 1) <= 0x9f) return true;
    if (c == 0xe2 && byte(i + 1) == 0x80 && byte(i + 2) >= 0xaa && byte(i + 2) <= 0xae) return true;
    if (c == 0xe2 && byte(i + 1) == 0x81 && byte(i + 2) >= 0xa6 && byte(i + 2) <= 0xa9) return true;
  }
  return false;
}

bool is_space_or_control(char c) {
  return c == ' ' || is_control(static_cast<unsigned char>(c));
}

}  // namespace

std::size_t characters(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

std::optional<std::string> check_username(std::string_view username) {
  if (username.empty()) return "username must not be empty";
  if (characters(username) > 255) return "username must be at most 255 characters";
  if (has_control(username)) {
    return "username must not contain control or bidirectional formatting characters";
  }
  if (username.front() == ' ' || username.back() == ' ') {
    return "username must not start or end with a space";
  }
  return std::nullopt;
}

std::optional<std::string> check_email(std::string_view email) {
  if (characters(email) > 320) return "email must be at most 320 characters";
  if (std::any_of(email.begin(), email.end(), is_space_or_control)) {
    return "email must not contain spaces or control characters";
  }
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return "email must have the form name@domain.tld";
  }
  const auto domain = email.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') {
    return "email must have the form name@domain.tld";
  }
  return std::nullopt;
}

std::optional<std::string> check_custom_short_code(std::string_view code) {
  if (code.empty() || code.size() > 64) return "short_code must be 1 to 64 characters";
  for (char c : code) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return "short_code may only contain letters, digits, '_' and '-'";
  }
  if (is_reserved_path(code)) return "short_code '" + std::string(code) + "' is reserved";
  return std::nullopt;
}

std::optional<std::string> check_title(std::string_view title) {
  if (characters(title) > 1024) return "title must be at most 1024 characters";
  if (has_control(title)) {
    return "title must not contain control or bidirectional formatting characters";
  }
  return std::nullopt;
}

}  // namespace linkstream::api
