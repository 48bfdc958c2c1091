#include "http/multipart.h"

namespace linkstream::api {

namespace {

// True when the part headers name the form field `field`: Content-Disposition: form-data;
// name="field" (quoted, as every client sends it).
bool names_field(std::string_view headers, std::string_view field) {
  const std::string quoted = "name=\"" + std::string(field) + "\"";
  for (std::size_t at = headers.find(quoted); at != std::string_view::npos;
       at = headers.find(quoted, at + 1)) {
    // Not the tail of "filename=".
    if (at == 0 || headers[at - 1] == ' ' || headers[at - 1] == ';' || headers[at - 1] == '\t')
      return true;
  }
  return false;
}

}  // namespace

std::optional<std::string_view> multipart_field(std::string_view body, std::string_view boundary,
                                                std::string_view field) {
  if (boundary.empty()) return std::nullopt;
  const std::string delimiter = "--" + std::string(boundary);
  std::size_t at = body.find(delimiter);
  while (at != std::string_view::npos) {
    std::size_t part = at + delimiter.size();
    if (body.substr(part, 2) == "--") return std::nullopt;  // the closing delimiter
    // Skip the rest of the delimiter line.
    part = body.find('\n', part);
    if (part == std::string_view::npos) return std::nullopt;
    ++part;
    // Part headers end at the first empty line (CRLF CRLF, or LF LF from lax clients).
    std::size_t headers_end = body.find("\r\n\r\n", part);
    std::size_t content = headers_end == std::string_view::npos ? headers_end : headers_end + 4;
    const std::size_t lax = body.find("\n\n", part);
    if (lax != std::string_view::npos &&
        (headers_end == std::string_view::npos || lax < headers_end)) {
      headers_end = lax;
      content = lax + 2;
    }
    if (headers_end == std::string_view::npos) return std::nullopt;
    const std::size_t next = body.find(delimiter, content);
    if (next == std::string_view::npos) return std::nullopt;
    if (names_field(body.substr(part, headers_end - part), field)) {
      std::size_t content_end = next;
      // The line break before the next delimiter belongs to the delimiter.
      if (content_end >= content + 1 && body[content_end - 1] == '\n') --content_end;
      if (content_end >= content + 1 && body[content_end - 1] == '\r') --content_end;
      return body.substr(content, content_end - content);
    }
    at = next;
  }
  return std::nullopt;
}

}  // namespace linkstream::api
