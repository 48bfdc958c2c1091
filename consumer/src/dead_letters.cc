#include "dead_letters.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "linkstream/schema/codec.h"

namespace linkstream::projector {

void DeadLetters::send(schema::Topic topic, std::int32_t partition, std::int64_t offset,
                       std::string_view reason, std::string_view message,
                       std::string_view payload) {
  const std::string source(schema::topic_name(topic));
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("topic");
  w.String(source.c_str());
  w.Key("partition");
  w.Int(partition);
  w.Key("offset");
  w.Int64(offset);
  w.Key("reason");
  w.String(reason.data(), static_cast<rapidjson::SizeType>(reason.size()));
  w.Key("message");
  w.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  w.Key("payload_bytes");
  w.Uint64(payload.size());
  // Cut, so that a dead letter always fits in a Kafka message. Not necessarily valid UTF-8:
  // written as the bytes it was.
  const auto kept = payload.substr(0, schema::kMaxEventBytes);
  w.Key("payload");
  w.String(kept.data(), static_cast<rapidjson::SizeType>(kept.size()));
  w.EndObject();

  const std::string key = source + "/" + std::to_string(partition) + "/" + std::to_string(offset);
  spdlog::warn("dead letter {}: {}: {}", key, reason, message);
  ++queued_;
  auto refused = writer_.append_encoded(
      schema::Topic::kDeadLetters, key, std::string_view(buffer.GetString(), buffer.GetSize()),
      [this, key](const eventlog::Delivery& d) {
        if (!d.ok) {
          spdlog::error("dead letter {} not delivered: {}", key, d.error);
          ++failed_;
        }
      });
  if (refused) {
    spdlog::error("dead letter {} refused: {}", key, *refused);
    ++failed_;
  }
}

void DeadLetters::confirm_all() {
  if (queued_ == 0) return;
  const int left = writer_.flush(std::chrono::seconds(30));
  queued_ = 0;
  if (left > 0 || failed_.exchange(0) > 0) {
    throw std::runtime_error("linkstream.deadletter did not confirm every dead letter");
  }
}

}  // namespace linkstream::projector
