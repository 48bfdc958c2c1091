#include "stream/stream_cursor.h"

#include <charconv>
#include <optional>

namespace linkstream::api {

namespace {

constexpr std::string_view kPrefix = "linkstream.";
// Partitions below 100 and offsets below 10^15, as schema::event_row_id allows: 1 or 2
// digits and 1 to 15 (docs/openapi.yaml states the same pattern).
constexpr std::size_t kPartitionDigits = 2;
constexpr std::size_t kOffsetDigits = 15;

template <typename Integer>
std::optional<Integer> whole_number(std::string_view text, std::size_t max_digits) {
  Integer value{};
  if (text.empty() || text.size() > max_digits) return std::nullopt;
  for (char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace

std::string_view short_topic_name(schema::Topic topic) {
  auto name = schema::topic_name(topic);
  return name.substr(kPrefix.size());
}

std::optional<schema::Topic> topic_from_short_name(std::string_view name) {
  for (auto topic : schema::kAllTopics)
    if (short_topic_name(topic) == name) return topic;
  return std::nullopt;
}

std::variant<StreamCursor, std::string> StreamCursor::parse(std::string_view text) {
  StreamCursor cursor;
  if (text == "beginning") return cursor;
  if (text.size() > kMaxLength)
    return "a position is at most " + std::to_string(kMaxLength) + " characters";
  for (bool more = true; more;) {
    const auto comma = text.find(',');
    const auto entry = text.substr(0, comma);
    more = comma != std::string_view::npos;
    if (more) text = text.substr(comma + 1);
    const auto first = entry.find(':');
    const auto second = first == std::string_view::npos ? first : entry.find(':', first + 1);
    if (second == std::string_view::npos)
      return "a position is a list of topic:partition:offset (e.g. clicks:0:42)";
    const auto topic = topic_from_short_name(entry.substr(0, first));
    if (!topic)
      return "a position names a topic that is not one of users, urls, clicks, events, webhooks";
    const auto partition =
        whole_number<std::int32_t>(entry.substr(first + 1, second - first - 1), kPartitionDigits);
    const auto offset = whole_number<std::int64_t>(entry.substr(second + 1), kOffsetDigits);
    if (!partition || !offset)
      return "a position's partition (1 or 2 digits) and offset (1 to 15 digits) must be "
             "whole numbers";
    cursor.next_[{*topic, *partition}] = *offset;
  }
  return cursor;
}

std::int64_t StreamCursor::next_offset(schema::Topic topic, std::int32_t partition) const {
  auto found = next_.find({topic, partition});
  return found == next_.end() ? 0 : found->second;
}

void StreamCursor::advance_past(schema::Topic topic, std::int32_t partition, std::int64_t offset) {
  auto& next = next_[{topic, partition}];
  if (offset + 1 > next) next = offset + 1;
}

void StreamCursor::set_next(schema::Topic topic, std::int32_t partition, std::int64_t offset) {
  next_[{topic, partition}] = offset;
}

std::string StreamCursor::text() const {
  if (next_.empty()) return "beginning";
  std::string text;
  for (const auto& [where, next] : next_) {
    if (!text.empty()) text += ',';
    text += short_topic_name(where.first);
    text += ':';
    text += std::to_string(where.second);
    text += ':';
    text += std::to_string(next);
  }
  return text;
}

}  // namespace linkstream::api
