#pragma once
// Appends events to their topics (an idempotent producer, acks=all).
//
// append() never blocks: it queues the encoded event and reports the outcome later,
// on the writer's own delivery thread, through the callback. Thread-safe.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "linkstream/eventlog/kafka_settings.h"
#include "linkstream/eventlog/own_writes.h"
#include "linkstream/schema/events.h"
#include "linkstream/schema/topics.h"

namespace linkstream::eventlog {

struct Delivery {
  bool ok = false;
  std::string error;  // when !ok: why the log did not take the event
  // When !ok: the event was sent and the broker may have written it all the same (a
  // timeout after the request left: librdkafka's MSG_STATUS_POSSIBLY_PERSISTED). Its
  // outcome is unknown, not failed: it may still appear in the log.
  bool possibly_persisted = false;
  schema::Topic topic{};
  std::int32_t partition = -1;
  std::int64_t offset = -1;
};

using DeliveryCallback = std::function<void(const Delivery&)>;

class LogWriter : public OwnWrites {
 public:
  struct Options {
    std::string brokers;  // "host:port,..."
    std::string client_id = "linkstream";
    // How long Kafka may take to confirm an event before it is reported as failed.
    std::chrono::milliseconds delivery_timeout{10000};
    KafkaSettings extra;  // further librdkafka settings, applied last
    // The topics this writer will append to. Their metadata is asked for as soon as the
    // producer exists (and again each second until the broker answers): librdkafka 2.0.2
    // learns a topic first named by produce() only at its next one-second metadata tick,
    // so without this a replica's first write after a start waited about a second.
    std::vector<schema::Topic> topics;
  };

  // Throws KafkaSetupError when the producer cannot be created. Does not need the broker
  // to be reachable.
  explicit LogWriter(Options options);
  // Waits up to 10 s for queued events, then stops.
  ~LogWriter();

  // Encodes `event` and queues it for its topic. Returns an error at once (and never calls
  // `on_delivery`) when the event breaks its schema or the local queue is full; otherwise
  // `on_delivery` is called exactly once, on the delivery thread.
  std::optional<std::string> append(const schema::Event& event, DeliveryCallback on_delivery);

  // The same for an event already encoded (the click relay ships spooled payloads).
  std::optional<std::string> append_encoded(schema::Topic topic, const std::string& key,
                                            std::string_view payload, DeliveryCallback on_delivery);

  // Waits until every queued event is confirmed or failed, or `timeout` has passed.
  // Returns the number of events still queued.
  int flush(std::chrono::milliseconds timeout);

  // What became of the appends so far, for metrics: confirmed by Kafka, failed after being
  // queued (delivery timeout, broker error), refused at once (queue full, bad event).
  struct Counts {
    std::uint64_t delivered = 0;
    std::uint64_t failed = 0;
    std::uint64_t refused = 0;
    std::uint64_t unknown = 0;  // not confirmed, but possibly persisted (see Delivery)
  };
  Counts counts() const;

  // --- OwnWrites: what this writer has put in the log (marks are append numbers) ---
  std::uint64_t last_mark() const override;
  bool settled_up_to(std::uint64_t mark) const override;
  PartitionEnds confirmed_ends() const override;

  LogWriter(const LogWriter&) = delete;
  LogWriter& operator=(const LogWriter&) = delete;

 private:
  class DeliveryReporter;
  std::unique_ptr<DeliveryReporter> reporter_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::atomic<bool> stopping_{false};
  std::thread delivery_thread_;
  std::thread topic_lookup_thread_;

  // Asks for each topic's metadata until the broker has given it for all of them.
  void look_up_topics(const std::vector<schema::Topic>& topics);

  mutable std::mutex progress_mutex_;
  std::uint64_t last_append_ = 0;
  std::set<std::uint64_t> unsettled_;
  PartitionEnds confirmed_ends_;
  Counts counts_;
};

}  // namespace linkstream::eventlog
