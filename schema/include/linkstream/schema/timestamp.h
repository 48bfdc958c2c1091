#pragma once
// Timestamps as the contract writes them: UTC, seconds precision, no zone suffix
// ("2026-11-28T04:34:15"). Thread-safe, no allocation beyond the returned string.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace linkstream::schema {

using Timestamp = std::chrono::sys_seconds;

// The current time, truncated to the second.
Timestamp now();

// "YYYY-MM-DDTHH:MM:SS".
std::string format_timestamp(Timestamp t);

// Accepts "YYYY-MM-DDTHH:MM:SS" and the seed files' "YYYY-MM-DD HH:MM:SS".
// Returns nullopt for anything else, including impossible dates (2025-02-30).
std::optional<Timestamp> parse_timestamp(std::string_view text);

}  // namespace linkstream::schema
