#pragma once
// Where a reader of GET /events/stream stands in the log: for each partition of each event
// topic, the offset of the next event it has not been given. A client keeps the cursor of
// the last event it handled and sends it back (`after=` or `Last-Event-ID`): it then gets
// exactly the events after that one, whichever replica answers, after an api restart or a
// Kafka outage, because the cursor names positions in the log and nothing else.
//
// Text form: "users:0:12,urls:0:40,clicks:0:100,clicks:1:7,events:0:5" — topic (its name
// without "linkstream."), partition, next offset; comma-separated, in topic then partition
// order. A partition it does not name starts at offset 0, so a cursor never skips the
// events of a partition added after it was written. "beginning" is the empty cursor.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "linkstream/schema/topics.h"

namespace linkstream::api {

class StreamCursor {
 public:
  // A cursor, or the message of a 400 (unknown topic, a field that is not a number, a
  // partition or offset with too many digits, more than kMaxLength characters).
  static std::variant<StreamCursor, std::string> parse(std::string_view text);

  // The offset of the next event to deliver from the partition (0 when not named).
  std::int64_t next_offset(schema::Topic topic, std::int32_t partition) const;
  // The event at `offset` has been delivered (or passed over): the next one is after it.
  // A smaller offset than the cursor holds changes nothing.
  void advance_past(schema::Topic topic, std::int32_t partition, std::int64_t offset);
  // Starts the partition at `offset` (for a cursor at the end of the log).
  void set_next(schema::Topic topic, std::int32_t partition, std::int64_t offset);

  std::string text() const;  // "beginning" when empty
  bool operator==(const StreamCursor&) const = default;

  static constexpr std::size_t kMaxLength = 4096;

 private:
  std::map<std::pair<schema::Topic, std::int32_t>, std::int64_t> next_;
};

// "users" for linkstream.users, and back (nullopt for a name that is no event topic).
std::string_view short_topic_name(schema::Topic topic);
std::optional<schema::Topic> topic_from_short_name(std::string_view name);

}  // namespace linkstream::api
