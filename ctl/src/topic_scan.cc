#include "topic_scan.h"

#include <algorithm>
#include <stdexcept>

namespace linkstream::ctl {

namespace {

constexpr auto kKafkaTimeout = std::chrono::seconds(10);
constexpr auto kStallLimit = std::chrono::seconds(30);

}  // namespace

std::vector<eventlog::StartPosition> from_the_beginning(eventlog::LogReader& reader,
                                                        const std::vector<schema::Topic>& topics) {
  std::vector<eventlog::StartPosition> positions;
  for (const auto topic : topics) {
    const auto partitions = reader.partition_count(topic, kKafkaTimeout);
    for (std::int32_t p = 0; p < partitions; ++p) positions.push_back({topic, p, 0});
  }
  return positions;
}

PartitionEnds scan_to_end(eventlog::LogReader& reader,
                          const std::vector<eventlog::StartPosition>& from,
                          const std::function<void(const eventlog::LogMessage&)>& each) {
  PartitionEnds all_ends, ends;
  std::vector<eventlog::StartPosition> due;
  for (const auto& start : from) {
    const auto end = reader.end_offset(start.topic, start.partition, kKafkaTimeout);
    all_ends[{start.topic, start.partition}] = std::max(end, start.offset);
    if (start.offset >= end) continue;
    ends[{start.topic, start.partition}] = end;
    due.push_back(start);
  }
  if (due.empty()) return all_ends;
  reader.assign(due);
  auto last_message = std::chrono::steady_clock::now();
  while (!ends.empty()) {
    const auto batch = reader.poll(10000, std::chrono::milliseconds(500));
    if (!batch.empty()) last_message = std::chrono::steady_clock::now();
    for (const auto& message : batch) {
      const std::pair key{message.topic, message.partition};
      const auto end = ends.find(key);
      if (end == ends.end() || message.offset >= end->second) continue;
      each(message);
      if (message.offset + 1 >= end->second) ends.erase(end);
    }
    if (std::chrono::steady_clock::now() - last_message > kStallLimit) {
      throw std::runtime_error("Kafka gave no message for 30 s before the end of " +
                               std::to_string(ends.size()) +
                               " partition(s); is Kafka up (deploy/stack status)?");
    }
  }
  return all_ends;
}

}  // namespace linkstream::ctl
