#pragma once
// Operator command: replay one topic from a point in time, after an incident that damaged
// or lost rows of the read tables (a restored backup, a bad manual fix).
//
// It rewinds the live projector's stored offsets of the topic's partitions to the first
// event at or after `since` (never forward), with the projector held between two batches.
// The projector notices, starts a new session and writes those events again; every write
// is idempotent, so rows that were fine stay as they were. The command then follows the
// projector until it is back where it was, printing progress to stderr.

#include <chrono>
#include <string>

#include "config.h"
#include "linkstream/schema/timestamp.h"
#include "linkstream/schema/topics.h"

namespace linkstream::projector {

// Returns the process exit code: 0 once the projector has written the topic again up to
// where it stood, 1 when that does not happen within `timeout`.
int replay_topic(const Config& config, schema::Topic topic, schema::Timestamp since,
                 std::chrono::seconds timeout);

}  // namespace linkstream::projector
