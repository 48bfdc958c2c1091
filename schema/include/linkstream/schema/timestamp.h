#pragma once
// Timestamps as the contract writes them: UTC, seconds precision, no zone suffix
// ("2026-11-28T04:34:15"). Thread-safe, no allocation beyond the returned string.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace linkstream::schema {

using Timestamp = std::chrono::sys_seconds;

// The current time, truncated to the second.
Timestamp now();

// "YYYY-MM-DDTHH:MM:SS".
std::string format_timestamp(Timestamp t);

inline constexpr std::size_t kTimestampLength = 19;

// Writes "YYYY-MM-DDTHH:MM:SS" to `out` (room for kTimestampLength characters, no NUL)
// and returns kTimestampLength; for the paths that write an event per redirect. `t` lies
// in the years 0000-9999, as every time from now() or parse_timestamp() does.
std::size_t write_timestamp(Timestamp t, char* out);

// Accepts "YYYY-MM-DDTHH:MM:SS" and the seed files' "YYYY-MM-DD HH:MM:SS".
// Returns nullopt for anything else, including impossible dates (2025-02-30).
std::optional<Timestamp> parse_timestamp(std::string_view text);

}  // namespace linkstream::schema
