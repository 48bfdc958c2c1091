#include "stream/event_stream.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "linkstream/schema/codec.h"

namespace linkstream::api {

namespace {

using Clock = std::chrono::steady_clock;
// How long a reader waits on one poll before it looks at the clock and at stop(); also the
// least a read waits (wait=0), the time its first fetch takes.
constexpr std::chrono::milliseconds kPollSlice{250};
constexpr std::chrono::milliseconds kBrokerTimeout{2000};

}  // namespace

EventStream::EventStream(Options options, OwnerOf owner_of)
    : options_(std::move(options)), owner_of_(std::move(owner_of)) {
  for (int i = 0; i < std::max(1, options_.readers); ++i)
    threads_.emplace_back([this, i] { serve(i); });
}

EventStream::~EventStream() {
  stop();
  for (auto& thread : threads_) thread.join();
}

void EventStream::stop() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  work_.notify_all();
}

bool EventStream::read(StreamRead request, std::function<void(StreamBatch)> done) {
  std::lock_guard lock(mutex_);
  if (queue_.size() >= threads_.size()) return false;
  queue_.push_back({std::move(request), std::move(done)});
  work_.notify_one();
  return true;
}

void EventStream::serve(int reader_number) {
  // Made for the first read this thread serves: most replicas are never asked for the
  // stream, and a Kafka consumer is threads and connections of its own.
  std::optional<eventlog::LogReader> reader;
  for (;;) {
    Pending pending;
    {
      std::unique_lock lock(mutex_);
      work_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, nothing left to answer
      pending = std::move(queue_.front());
      queue_.pop_front();
    }
    if (!reader) {
      try {
        reader.emplace(eventlog::LogReader::Options{
            .brokers = options_.brokers,
            .client_id = options_.client_id + "-stream-" + std::to_string(reader_number),
            .extra = {}});
      } catch (const std::exception& e) {
        spdlog::error("event stream: reader {} cannot be made: {}", reader_number, e.what());
      }
    }
    StreamBatch batch;
    if (!reader) {
      batch.outcome = StreamBatch::Outcome::kUnreachable;
      batch.cursor = pending.request.after.text();
    } else {
      batch = run(*reader, pending.request);
    }
    pending.done(std::move(batch));
  }
}

std::optional<std::int32_t> EventStream::partitions(eventlog::LogReader& reader,
                                                    schema::Topic topic) {
  {
    std::lock_guard lock(mutex_);
    if (auto known = partition_counts_.find(topic); known != partition_counts_.end())
      return known->second;
  }
  try {
    const auto count = reader.partition_count(topic, kBrokerTimeout);
    std::lock_guard lock(mutex_);
    partition_counts_[topic] = count;
    return count;
  } catch (const std::exception& e) {
    spdlog::warn("event stream: partitions of {} unknown: {}", schema::topic_name(topic), e.what());
    return std::nullopt;
  }
}

StreamBatch EventStream::run(eventlog::LogReader& reader, const StreamRead& request) {
  StreamBatch batch;
  StreamCursor cursor = request.after;
  std::vector<eventlog::StartPosition> positions;
  for (auto topic : request.filter.topics()) {
    const auto count = partitions(reader, topic);
    if (!count) {
      batch.outcome = StreamBatch::Outcome::kUnreachable;
      batch.cursor = cursor.text();
      return batch;
    }
    for (std::int32_t partition = 0; partition < *count; ++partition) {
      if (request.from_end) {
        try {
          cursor.set_next(topic, partition, reader.end_offset(topic, partition, kBrokerTimeout));
        } catch (const std::exception& e) {
          spdlog::warn("event stream: end of {}/{} unknown: {}", schema::topic_name(topic),
                       partition, e.what());
          batch.outcome = StreamBatch::Outcome::kUnreachable;
          batch.cursor = request.after.text();
          return batch;
        }
      }
      positions.push_back({topic, partition, cursor.next_offset(topic, partition)});
    }
  }
  reader.assign(positions);
  std::set<std::pair<schema::Topic, std::int32_t>> assigned;
  for (const auto& position : positions) assigned.emplace(position.topic, position.partition);

  const auto deadline = Clock::now() + request.wait;
  const auto limit = std::clamp<std::size_t>(request.limit, 1, kMaxLimit);
  for (bool first = true; batch.events.size() < limit && !stopping_; first = false) {
    std::chrono::milliseconds timeout{0};
    if (batch.events.empty()) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0 && !first) break;
      timeout = first ? kPollSlice : std::min(left, kPollSlice);
    }
    auto messages = reader.poll(limit - batch.events.size(), timeout);
    if (messages.empty()) {
      if (!batch.events.empty()) break;
      continue;
    }
    for (auto& message : messages) {
      // librdkafka drops what it fetched for an earlier assignment (assign() starts a new
      // fetch version); should a message of another partition, or one behind the cursor,
      // still come, it is none of this read's and the cursor must not move for it.
      if (!assigned.contains({message.topic, message.partition}) ||
          message.offset < cursor.next_offset(message.topic, message.partition))
        continue;
      cursor.advance_past(message.topic, message.partition, message.offset);
      auto decoded = schema::decode(message.payload);
      if (!decoded || !request.filter.passes(*decoded.event, owner_of_)) continue;
      batch.events.push_back({.topic = message.topic,
                              .partition = message.partition,
                              .offset = message.offset,
                              .type = std::string(schema::type_name(decoded.event->body)),
                              .payload = std::move(message.payload),
                              .cursor = cursor.text()});
    }
  }
  batch.cursor = cursor.text();
  return batch;
}

}  // namespace linkstream::api
