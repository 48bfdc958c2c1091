#pragma once
// Operator command: replay one topic from a point in the log, after an incident that
// damaged or lost rows of the read tables (a restored backup, a bad manual fix).
//
// It rewinds the live projector's stored offsets of the topic's partitions to where the
// replay starts (never forward), with the projector held between two batches. The
// projector notices, starts a new session and writes those events again; every write is
// idempotent, so rows that were fine stay as they were. The command then follows the
// projector until it is back where it was, printing progress to stderr.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "config.h"
#include "linkstream/schema/timestamp.h"
#include "linkstream/schema/topics.h"

namespace linkstream::projector {

// Where a replay starts: the first event Kafka stamped at or after `since`, in every
// partition; or, when `offsets` is not empty, exactly these offsets of the partitions it
// names (the others are left alone). `verify` prints the second form, read off the rows
// that differ.
struct ReplayStart {
  schema::Timestamp since{};
  std::map<std::int32_t, std::int64_t> offsets;
};

// Parses what an operator types: a UTC time "YYYY-MM-DDTHH:MM:SS", "beginning" (offset 0
// of every partition), or "PARTITION:OFFSET[,PARTITION:OFFSET...]". nullopt otherwise.
std::optional<ReplayStart> parse_replay_start(std::string_view text);

// Returns the process exit code: 0 once the projector has written the topic again up to
// where it stood, 1 when that does not happen within `timeout`.
int replay_topic(const Config& config, schema::Topic topic, const ReplayStart& start,
                 std::chrono::seconds timeout);

}  // namespace linkstream::projector
