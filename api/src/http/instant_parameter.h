#pragma once
// ?as_of= and other instants a client names: an RFC 3339 date-time
// ("2026-12-02T18:04:31Z", "2026-12-02T19:04:31.250+01:00"), or the contract's own
// timestamps, which are UTC without a suffix ("2026-12-02T18:04:31"), so that a time read
// off an answer can be sent back as it is. Pure; thread-safe.

#include <optional>
#include <string_view>

#include "linkstream/schema/timestamp.h"

namespace linkstream::api {

// The instant in UTC, to the second (a fraction is dropped: the log's times are whole
// seconds, so 18:04:31.9 still sees what happened at 18:04:31). "T" may be "t" or a space,
// "Z" may be "z"; a leap second (:60) reads as :59. A space where the offset's sign goes
// is a "+" that a query string decoded ("+01:00" sent unencoded). Nullopt for anything
// else, impossible dates included.
std::optional<schema::Timestamp> parse_instant(std::string_view text);

}  // namespace linkstream::api
