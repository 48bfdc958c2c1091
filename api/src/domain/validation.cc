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

bool starts_with_ignoring_case(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> check_username(std::string_view username) {
  if (username.empty()) return "username must not be empty";
  if (username.size() > 255) return "username must be at most 255 bytes";
  if (has_control(username)) {
    return "username must not contain control or bidirectional formatting characters";
  }
  if (username.front() == ' ' || username.back() == ' ') {
    return "username must not start or end with a space";
  }
  return std::nullopt;
}

std::optional<std::string> check_email(std::string_view email) {
  if (email.size() > 320) return "email must be at most 320 bytes";
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

std::optional<std::string> check_original_url(std::string_view url) {
  constexpr std::string_view kHint = "original_url must be an absolute http:// or https:// URL";
  if (url.size() > 8192) return "original_url must be at most 8192 bytes";
  if (std::any_of(url.begin(), url.end(), is_space_or_control) ||
      std::any_of(url.begin(), url.end(), [](char c) { return c == '\t' || c == '\n'; })) {
    return std::string(kHint) + ", without spaces or control characters";
  }
  std::size_t scheme_end;
  if (starts_with_ignoring_case(url, "https://")) {
    scheme_end = 8;
  } else if (starts_with_ignoring_case(url, "http://")) {
    scheme_end = 7;
  } else {
    return std::string(kHint);
  }
  // The authority runs to the first '/', '?' or '#'; it needs a host.
  const auto rest = url.substr(scheme_end);
  auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return std::string(kHint) + " (unclosed IPv6 host)";
    host = host.substr(0, close + 1);
  } else if (const auto colon = host.find(':'); colon != std::string_view::npos) {
    const auto port = host.substr(colon + 1);
    if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        port.size() > 5) {
      return std::string(kHint) + " (the port is not a number)";
    }
    host = host.substr(0, colon);
  }
  if (host.empty()) return std::string(kHint) + " (it has no host)";
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
  if (title.size() > 1024) return "title must be at most 1024 bytes";
  if (has_control(title)) {
    return "title must not contain control or bidirectional formatting characters";
  }
  return std::nullopt;
}

}  // namespace linkstream::api
