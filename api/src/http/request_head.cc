#include "http/request_head.h"

#include <strings.h>

#include <algorithm>
#include <array>

namespace linkstream::api {

namespace {

// tchar of RFC 9110 5.6.2: what a method or a field name is made of.
constexpr std::array<bool, 256> kTokenChars = [] {
  std::array<bool, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return kTokenChars[static_cast<unsigned char>(c)];
  });
}

// field-value of RFC 9110 5.5: visible characters, spaces, tabs and obs-text; no controls.
bool is_field_value(std::string_view value) {
  return std::none_of(value.begin(), value.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && u != '\t') || u == 0x7f;
  });
}

std::string_view trim_whitespace(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

HeadVerdict refuse(int status, std::string message) {
  return {status, std::move(message)};
}

HeadVerdict check_request_line(std::string_view line, bool& http11) {
  const auto first_space = line.find(' ');
  const auto last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space)
    return refuse(400, "the request line must be: method, space, target, space, HTTP version");
  const auto method = line.substr(0, first_space);
  const auto target = line.substr(first_space + 1, last_space - first_space - 1);
  const auto version = line.substr(last_space + 1);
  if (!is_token(method)) return refuse(400, "the request method is not a token");
  if (target.size() > kMaxRequestTargetBytes) {
    return refuse(414, "the request target is " + std::to_string(target.size()) +
                           " bytes; the limit is " + std::to_string(kMaxRequestTargetBytes));
  }
  if (target.empty() || target.find_first_of(" \t") != std::string_view::npos ||
      !is_field_value(target))
    return refuse(400, "the request target is empty or holds whitespace or control characters");
  if (version == "HTTP/1.1") {
    http11 = true;
  } else if (version == "HTTP/1.0") {
    http11 = false;
  } else if (version.starts_with("HTTP/") && version.size() == 8) {
    return refuse(505, "only HTTP/1.0 and HTTP/1.1 are served");
  } else {
    return refuse(400, "the request line does not end with an HTTP version");
  }
  // The methods Pistache 0.0.5 parses (pistache/http_defs.h); any other it refuses as a
  // malformed request, though the request is well formed and only its method is unknown.
  // The commonest first: every request's head passes here.
  static constexpr std::string_view kKnownMethods[] = {
      "GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"};
  if (std::find(std::begin(kKnownMethods), std::end(kKnownMethods), method) ==
      std::end(kKnownMethods)) {
    HeadVerdict unknown = refuse(405, std::string(method) + " is not a method of this server");
    unknown.target = std::string(target);
    return unknown;
  }
  return {};
}

bool is_decimal(std::string_view text) {
  return !text.empty() && text.size() <= 18 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

HeadVerdict check_request_head(std::string_view head) {
  if (head.size() > kMaxRequestHeadBytes) {
    return refuse(431, "the request's header fields are over " +
                           std::to_string(kMaxRequestHeadBytes) + " bytes");
  }
  if (head.find('\0') != std::string_view::npos) return refuse(400, "the request holds a NUL byte");
  if (!head.ends_with("\r\n\r\n"))
    return refuse(400, "the request's head does not end with CRLF CRLF");

  bool http11 = false;
  int content_lengths = 0, transfer_encodings = 0, hosts = 0;
  std::string_view transfer_encoding;
  bool first_line = true;
  for (std::size_t at = 0; at < head.size() - 2;) {
    const auto end = head.find('\n', at);
    if (end == 0 || head[end - 1] != '\r')
      return refuse(400, "a line of the request does not end with CRLF");
    const auto line = head.substr(at, end - 1 - at);
    at = end + 1;
    if (line.find('\r') != std::string_view::npos)
      return refuse(400, "a line of the request holds a bare CR");
    if (line.empty()) return refuse(400, "the request begins with an empty line");
    if (first_line) {
      first_line = false;
      if (auto verdict = check_request_line(line, http11); !verdict.ok()) return verdict;
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t')
      return refuse(400, "a header field is folded over two lines (obs-fold)");
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
      return refuse(400, "a header line is not \"name: value\" (no whitespace before the colon)");
    const auto name = line.substr(0, colon);
    const auto value = trim_whitespace(line.substr(colon + 1));
    if (!is_field_value(value))
      return refuse(400, "the " + std::string(name) + " header holds control characters");
    if (equals_ignoring_case(name, "Content-Length")) {
      if (++content_lengths > 1) return refuse(400, "Content-Length is given more than once");
      if (!is_decimal(value)) return refuse(400, "Content-Length must be a decimal number");
    } else if (equals_ignoring_case(name, "Transfer-Encoding")) {
      if (++transfer_encodings > 1) return refuse(400, "Transfer-Encoding is given more than once");
      transfer_encoding = value;
    } else if (equals_ignoring_case(name, "Host")) {
      if (++hosts > 1) return refuse(400, "Host is given more than once");
    }
  }
  if (transfer_encodings > 0) {
    if (content_lengths > 0)
      return refuse(
          400, "Transfer-Encoding and Content-Length together: the body's length is ambiguous");
    if (!http11) return refuse(400, "Transfer-Encoding is not defined in HTTP/1.0");
    const auto comma = transfer_encoding.rfind(',');
    const auto last = trim_whitespace(
        comma == std::string_view::npos ? transfer_encoding : transfer_encoding.substr(comma + 1));
    if (!equals_ignoring_case(last, "chunked"))
      return refuse(400, "Transfer-Encoding must end with chunked");
    if (comma != std::string_view::npos)
      return refuse(501, "only the chunked transfer coding is supported");
  }
  if (http11 && hosts == 0) return refuse(400, "an HTTP/1.1 request needs a Host header");
  return {.chunked = transfer_encodings > 0};
}

}  // namespace linkstream::api
