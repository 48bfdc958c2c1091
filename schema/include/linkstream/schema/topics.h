#pragma once
// Where events live in Kafka, and the ids that positions in the log give to rows.
//
// Entity topics (users, urls) have one partition by default so that every uniqueness
// check is decided by one total order; clicks have no cross-event precondition and are
// spread over partitions by short code; events (posted by clients or imported) have none
// either (deploy/topics.conf, docs/events.md).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "linkstream/schema/events.h"

namespace linkstream::schema {

enum class Topic {
  kUsers = 1,
  kUrls = 2,
  kClicks = 3,
  kEvents = 4,
  kWebhooks = 5,
  kDeadLetters = 9
};

// The topics of events. linkstream.deadletter holds what could not be read as an event
// (the projector puts it there); it is not projected.
inline constexpr Topic kAllTopics[] = {Topic::kUsers, Topic::kUrls, Topic::kClicks, Topic::kEvents,
                                       Topic::kWebhooks};

// "linkstream.users", "linkstream.urls", "linkstream.clicks", "linkstream.events",
// "linkstream.webhooks".
std::string_view topic_name(Topic topic);
std::optional<Topic> topic_from_name(std::string_view name);

// The topic a body is written to, and its message key (which decides the partition).
Topic topic_of(const EventBody& body);
std::string partition_key(const EventBody& body);

// The id of the `row`th events-table row made from the event at (topic, partition,
// offset): topic * 10^15 + partition * 10^13 + offset * 10 + row. A rebuild from offset 0
// gives every row its old id, ids stay below 2^53, and an operator can read the position
// off the id. Requires partition < 100, offset < 10^12 and row < 10 (an update of three
// fields makes three rows).
std::int64_t event_row_id(Topic topic, std::int32_t partition, std::int64_t offset, int row = 0);

// Ids below this are free for imported events (which keep the ids of their file).
inline constexpr std::int64_t kFirstLogDerivedRowId = 1'000'000'000'000'000;

}  // namespace linkstream::schema
