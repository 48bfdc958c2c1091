#pragma once
// Reads chosen partitions of the log from chosen offsets.
//
// Readers of linkstream decide themselves where they start (offset 0 for a view, the
// offsets stored in PostgreSQL for the projector), so a LogReader never joins a consumer
// group's rebalancing and never commits offsets to Kafka. One thread at a time.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "linkstream/eventlog/kafka_settings.h"
#include "linkstream/schema/topics.h"

namespace linkstream::eventlog {

struct LogMessage {
  schema::Topic topic{};
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string payload;
};

// Settings for a reader that can wait a little for its events (the projector, the
// deliverer), so that the broker answers its fetches in batches: the broker holds a fetch
// until `min_bytes` have come or `wait` has passed. librdkafka's defaults (1 byte) make the
// broker answer each fetch as soon as one event is there, so a reader of a topic written a
// few events at a time fetches about once an event. Under 2,000 writes a second most of
// the broker's garbage was its fetch handling (Java Flight Recorder), and its young
// collections, 10 to 36 ms pauses of every write's answer, came every 1 to 4 s; with these
// readers batched, half as many (docs/performance.md). A reader that answers a client's
// request (the api's view, whose writes wait for its fold) keeps the defaults, as does
// a `wait` of 0.
KafkaSettings batched_fetch(std::chrono::milliseconds wait, std::int64_t min_bytes = 256 * 1024);

struct StartPosition {
  schema::Topic topic{};
  std::int32_t partition = 0;
  std::int64_t offset = 0;  // the first offset to read
};

class LogReader {
 public:
  struct Options {
    std::string brokers;
    std::string client_id = "linkstream";
    KafkaSettings extra;  // further librdkafka settings, applied last
  };

  // Throws KafkaSetupError. Does not need the broker to be reachable.
  explicit LogReader(Options options);
  ~LogReader();

  // The number of partitions of `topic`. Throws KafkaSetupError when the broker does not
  // answer within `timeout` or the topic does not exist.
  std::int32_t partition_count(schema::Topic topic, std::chrono::milliseconds timeout);

  // The offset the next event of the partition will get (the high watermark). Throws
  // KafkaSetupError when the broker does not answer within `timeout`.
  std::int64_t end_offset(schema::Topic topic, std::int32_t partition,
                          std::chrono::milliseconds timeout);

  // The high watermark librdkafka learnt from its last fetch of an assigned partition,
  // without asking the broker (so it may be a fetch old); nullopt before the first fetch.
  std::optional<std::int64_t> fetched_end_offset(schema::Topic topic, std::int32_t partition);

  // The offset of the first event of the partition appended at or after `time` (the end
  // offset when there is none). Throws KafkaSetupError when the broker does not answer
  // within `timeout`.
  std::int64_t offset_at(schema::Topic topic, std::int32_t partition,
                         std::chrono::system_clock::time_point time,
                         std::chrono::milliseconds timeout);

  // Replaces the current assignment: reading continues at exactly these positions.
  void assign(const std::vector<StartPosition>& positions);

  // Up to `max_messages` messages, waiting at most `timeout` for the first one and
  // returning as soon as no more are ready. Transport errors are logged and retried by
  // librdkafka; they return an empty batch.
  std::vector<LogMessage> poll(std::size_t max_messages, std::chrono::milliseconds timeout);

  LogReader(const LogReader&) = delete;
  LogReader& operator=(const LogReader&) = delete;

 private:
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::chrono::steady_clock::time_point last_error_log_{};
};

}  // namespace linkstream::eventlog
