#include "linkstream/eventlog/log_reader.h"

#include <spdlog/spdlog.h>

#include "linkstream/schema/event_id.h"

namespace linkstream::eventlog {

KafkaSettings batched_fetch(std::chrono::milliseconds wait, std::int64_t min_bytes) {
  if (wait.count() == 0) return {};
  return {{"fetch.wait.max.ms", std::to_string(wait.count())},
          {"fetch.min.bytes", std::to_string(min_bytes)}};
}

LogReader::LogReader(Options options) {
  auto conf = make_kafka_conf({
      {"bootstrap.servers", options.brokers},
      {"client.id", options.client_id},
      // A group id is required by the consumer API; with assign() and no commits it is a
      // label only, unique so that readers never share anything through the broker.
      {"group.id", options.client_id + "-" + schema::new_event_id()},
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"auto.offset.reset", "earliest"},
      {"enable.partition.eof", "false"},
  });
  for (const auto& [key, value] : options.extra) set_kafka_setting(*conf, key, value);
  std::string error;
  consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer_) throw KafkaSetupError("cannot create the Kafka consumer: " + error);
}

LogReader::~LogReader() {
  consumer_->close();
}

std::int32_t LogReader::partition_count(schema::Topic topic, std::chrono::milliseconds timeout) {
  const std::string name(schema::topic_name(topic));
  std::string error;
  std::unique_ptr<RdKafka::Topic> handle(
      RdKafka::Topic::create(consumer_.get(), name, nullptr, error));
  if (!handle) throw KafkaSetupError("cannot open topic " + name + ": " + error);
  RdKafka::Metadata* raw = nullptr;
  const auto result =
      consumer_->metadata(false, handle.get(), &raw, static_cast<int>(timeout.count()));
  std::unique_ptr<RdKafka::Metadata> metadata(raw);
  if (result != RdKafka::ERR_NO_ERROR) {
    throw KafkaSetupError("no metadata for topic " + name + ": " + RdKafka::err2str(result));
  }
  for (const auto* topic_metadata : *metadata->topics()) {
    if (topic_metadata->topic() != name) continue;
    if (topic_metadata->err() != RdKafka::ERR_NO_ERROR) {
      throw KafkaSetupError("topic " + name + ": " + RdKafka::err2str(topic_metadata->err()));
    }
    return static_cast<std::int32_t>(topic_metadata->partitions()->size());
  }
  throw KafkaSetupError("topic " + name + " does not exist");
}

std::int64_t LogReader::end_offset(schema::Topic topic, std::int32_t partition,
                                   std::chrono::milliseconds timeout) {
  std::int64_t low = 0, high = 0;
  const auto result =
      consumer_->query_watermark_offsets(std::string(schema::topic_name(topic)), partition, &low,
                                         &high, static_cast<int>(timeout.count()));
  if (result != RdKafka::ERR_NO_ERROR) {
    throw KafkaSetupError("no end offset for " + std::string(schema::topic_name(topic)) + "/" +
                          std::to_string(partition) + ": " + RdKafka::err2str(result));
  }
  return high;
}

std::optional<std::int64_t> LogReader::fetched_end_offset(schema::Topic topic,
                                                          std::int32_t partition) {
  std::int64_t low = 0, high = 0;
  const auto result = consumer_->get_watermark_offsets(std::string(schema::topic_name(topic)),
                                                       partition, &low, &high);
  if (result != RdKafka::ERR_NO_ERROR || high < 0) return std::nullopt;
  return high;
}

std::int64_t LogReader::offset_at(schema::Topic topic, std::int32_t partition,
                                  std::chrono::system_clock::time_point time,
                                  std::chrono::milliseconds timeout) {
  const auto since_epoch =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  std::vector<RdKafka::TopicPartition*> partitions{RdKafka::TopicPartition::create(
      std::string(schema::topic_name(topic)), partition, since_epoch)};
  const auto result = consumer_->offsetsForTimes(partitions, static_cast<int>(timeout.count()));
  const auto found = partitions[0]->offset();
  const auto partition_error = partitions[0]->err();
  RdKafka::TopicPartition::destroy(partitions);
  const auto error = result != RdKafka::ERR_NO_ERROR ? result : partition_error;
  if (error != RdKafka::ERR_NO_ERROR) {
    throw KafkaSetupError("no offset by time for " + std::string(schema::topic_name(topic)) + "/" +
                          std::to_string(partition) + ": " + RdKafka::err2str(error));
  }
  // Kafka answers OFFSET_END (-1) when every event is older than `time`.
  return found >= 0 ? found : end_offset(topic, partition, timeout);
}

void LogReader::assign(const std::vector<StartPosition>& positions) {
  std::vector<RdKafka::TopicPartition*> partitions;
  for (const auto& p : positions) {
    partitions.push_back(RdKafka::TopicPartition::create(std::string(schema::topic_name(p.topic)),
                                                         p.partition, p.offset));
  }
  const auto result = consumer_->assign(partitions);
  RdKafka::TopicPartition::destroy(partitions);
  if (result != RdKafka::ERR_NO_ERROR) {
    throw KafkaSetupError("cannot assign partitions: " + RdKafka::err2str(result));
  }
}

std::vector<LogMessage> LogReader::poll(std::size_t max_messages,
                                        std::chrono::milliseconds timeout) {
  std::vector<LogMessage> batch;
  int wait_ms = static_cast<int>(timeout.count());
  while (batch.size() < max_messages) {
    std::unique_ptr<RdKafka::Message> message(consumer_->consume(wait_ms));
    wait_ms = 0;  // after the first message, take only what is already there
    if (message->err() == RdKafka::ERR__TIMED_OUT) break;
    if (message->err() != RdKafka::ERR_NO_ERROR) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_error_log_ > std::chrono::seconds(10)) {
        spdlog::warn("reading the log: {}", message->errstr());
        last_error_log_ = now;
      }
      break;
    }
    auto topic = schema::topic_from_name(message->topic_name());
    if (!topic) continue;  // not ours; assign() only names our topics
    batch.push_back(LogMessage{
        .topic = *topic,
        .partition = message->partition(),
        .offset = message->offset(),
        .payload = std::string(static_cast<const char*>(message->payload()), message->len())});
  }
  return batch;
}

}  // namespace linkstream::eventlog
