#pragma once
// The framing rules of RFC 9112 for a request's head (its request line and header
// fields), checked on the bytes as the client sent them, before Pistache parses them.
//
// Pistache 0.0.5 is lenient where leniency lets a request mean two things to two servers
// (request smuggling, when a proxy sits in front): it takes the first of two
// Content-Length fields, reads "12abc" as 12, prefers Content-Length to a
// Transfer-Encoding written with a space before its colon, and keeps folded lines. Every
// such head is refused here, with the status RFC 9112 gives it; the connection is then
// closed, because where that request ends is not known.

#include <cstddef>
#include <string>
#include <string_view>

namespace linkstream::api {

// A head longer than this is refused with 431 (a request-target of at most
// kMaxRequestTargetBytes and a few kilobytes of fields fit easily).
constexpr std::size_t kMaxRequestHeadBytes = 16 * 1024;
// A longer request-target is refused with 414.
constexpr std::size_t kMaxRequestTargetBytes = 8192;

struct HeadVerdict {
  int status = 0;  // 0: acceptable; otherwise the HTTP status that refuses it
  std::string message;
  bool chunked = false;  // when acceptable: the body is chunked (Transfer-Encoding: chunked)
  // When 405 (a method this server knows nothing of): the request-target, so that the
  // answer can say which methods its resource allows.
  std::string target;
  bool ok() const { return status == 0; }
};

// `head`: the request's bytes from its first one up to and including the empty line that
// ends its fields (CRLF CRLF). Refuses: a NUL byte or a line not ended by CRLF (400); a
// request line that is not "method SP target SP HTTP/1.x" (400; 505 for another version;
// 414 for a target over the limit); a field line without a name and colon, with
// whitespace before its colon, or beginning with whitespace (obs-fold) (400); control
// characters in a value (400); Content-Length that is not a decimal number, or given
// twice (400); a well-formed method that is none of OPTIONS, GET, HEAD, POST, PUT, PATCH,
// DELETE, TRACE, CONNECT (405: no resource here has it); Transfer-Encoding together with
// Content-Length, twice, in HTTP/1.0, or
// not ending with chunked (400), or with a coding before chunked (501); in HTTP/1.1, no
// Host or two (400); a head over kMaxRequestHeadBytes (431).
HeadVerdict check_request_head(std::string_view head);

}  // namespace linkstream::api
