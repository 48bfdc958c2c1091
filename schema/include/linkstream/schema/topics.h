#pragma once
// Where events live in Kafka, and the ids that positions in the log give to rows.
//
// Entity topics (users, urls) have one partition by default so that every uniqueness
// check is decided by one total order; clicks have no cross-event precondition and are
// spread over partitions by short code (deploy/topics.conf, docs/events.md).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "linkstream/schema/events.h"

namespace linkstream::schema {

enum class Topic { kUsers = 1, kUrls = 2, kClicks = 3 };

inline constexpr Topic kAllTopics[] = {Topic::kUsers, Topic::kUrls, Topic::kClicks};

// "linkstream.users", "linkstream.urls", "linkstream.clicks".
std::string_view topic_name(Topic topic);
std::optional<Topic> topic_from_name(std::string_view name);

// The topic a body is written to, and its message key (which decides the partition).
Topic topic_of(const EventBody& body);
std::string partition_key(const EventBody& body);

// The id of the events-table row made from the event at (topic, partition, offset):
// topic * 10^15 + partition * 10^12 + offset, so a rebuild from offset 0 gives every row
// its old id, ids stay below 2^53, and an operator can read the position off the id.
// Requires partition < 1000 and offset < 10^12.
std::int64_t event_row_id(Topic topic, std::int32_t partition, std::int64_t offset);

}  // namespace linkstream::schema
