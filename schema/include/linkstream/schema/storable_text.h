#pragma once
// Bytes from outside that are not JSON (HTTP header values such as Referer and User-Agent)
// made into text that every reader of the log accepts and PostgreSQL can store: valid
// UTF-8 without U+0000. parse_bounded_json (bounded_json.h) refuses anything else in an
// event, so a click built from raw header bytes would be a dead letter.
//
// Pure and thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace linkstream::schema {

// `bytes` as valid UTF-8 of at most `max_bytes` bytes. Each ill-formed sequence (a stray
// continuation byte, a truncated or overlong sequence, a surrogate, anything above
// U+10FFFF) and each NUL byte becomes U+FFFD, one per maximal ill-formed part as Unicode
// recommends; the text is cut before the first character that would not fit whole.
std::string storable_text(std::string_view bytes, std::size_t max_bytes);

}  // namespace linkstream::schema
