#pragma once
// The rules a client's input must follow before anything is written. Each check returns
// nullopt when the value is acceptable, else a message that tells the client what to fix.
// Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace linkstream::api {

// The characters of UTF-8 text (code points), as JSON Schema's maxLength counts them: the
// limits below are in characters, so that docs/openapi.yaml can state them.
std::size_t characters(std::string_view utf8);

// Non-empty, at most 255 characters, no control characters, no leading or trailing spaces.
std::optional<std::string> check_username(std::string_view username);

// One '@' with something before it, and a dot inside the domain after it; no spaces or
// control characters; at most 320 characters.
std::optional<std::string> check_email(std::string_view email);

// original_url: see url_policy.h (a policy the deployment configures, and a normalisation).

// 1 to 64 characters of [A-Za-z0-9_-], and not a path the api serves ("users", ...).
std::optional<std::string> check_custom_short_code(std::string_view code);

// At most 1024 bytes, no control characters.
std::optional<std::string> check_title(std::string_view title);

}  // namespace linkstream::api
