#pragma once
// Short codes: generated ones are 6 random characters of [A-Za-z0-9] (never sequential, so
// they cannot be guessed from each other); a few words are never codes because they are
// paths of the api itself.

#include <string>
#include <string_view>

namespace linkstream::api {

inline constexpr std::size_t kGeneratedShortCodeLength = 6;

// A fresh random code; may collide with an existing one (the caller checks the view, and
// log order settles a race). Never a reserved path. Thread-safe.
std::string random_short_code();

// True for first path segments the api serves itself ("users", "urls", "events", ...).
bool is_reserved_path(std::string_view code);

}  // namespace linkstream::api
