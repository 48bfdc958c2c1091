#pragma once
// Parsing JSON that comes from outside the process (request bodies, events read from the
// log, `details` cells of an imported CSV) with limits that hold before anything walks the
// result.
//
// RapidJSON's default parser recurses once per nesting level, and so does every later walk
// over a Document (Accept into a Writer, CopyFrom, schema validation). A body of a few
// hundred kilobytes nested 100,000 levels deep therefore overflows a worker thread's stack
// and kills the process (seen: SIGSEGV of linkstream-api on one anonymous POST /events).
// parse_bounded_json never recurses, refuses a document nested deeper than kMaxJsonDepth
// before it is built, and refuses strings that are not valid UTF-8 and raw NUL bytes, so
// every walk that follows is bounded by kMaxJsonDepth frames and sees all of the input.
// It also refuses strings and keys holding U+0000 ("\u0000"), which PostgreSQL's text and
// jsonb cannot store: one such event in the log stopped the projector on every retry.
//
// Stateless and thread-safe.

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

namespace linkstream::schema {

// The deepest nesting of objects and arrays accepted: `{}` is depth 1, `{"a":[{}]}` depth 3.
// Every document linkstream reads or writes is under 5 levels deep; 64 leaves room for the
// free-form `details` of client events.
inline constexpr int kMaxJsonDepth = 64;

// The limit for an event read from the log: an event carries a client's object two levels
// further in (envelope, data), so a body the api accepted always decodes.
inline constexpr int kMaxEventJsonDepth = kMaxJsonDepth + 2;

// Parses `text` (one JSON value, nothing after it) into `document`. Returns nullopt on
// success, or a message for the sender ("... nested deeper than 64 levels (at byte 257)")
// with `document` left as it was.
std::optional<std::string> parse_bounded_json(std::string_view text, rapidjson::Document& document,
                                              int max_depth = kMaxJsonDepth);

}  // namespace linkstream::schema
