#pragma once
// The projector's Prometheus metrics, served at http://<bind>:<port>/metrics.

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "linkstream/schema/topics.h"

namespace linkstream::projector {

class ProjectorMetrics {
 public:
  // Starts serving at `address` ("127.0.0.1:9464"). Throws when the port is taken.
  explicit ProjectorMetrics(const std::string& address);

  void applied(double events) { applied_.Increment(events); }
  void voided(double events) { voided_.Increment(events); }
  void dead_lettered(std::string_view reason);
  void batch(double events, double seconds);
  void committed(schema::Topic topic, std::int32_t partition, std::int64_t next_offset);
  // The latest end offset of a partition: with the committed offset it gives the lag
  // (events in the log not yet in PostgreSQL).
  void end_offset(schema::Topic topic, std::int32_t partition, std::int64_t end);
  // A session ended on an error: "database" (PostgreSQL), "log" (Kafka) or "other".
  void session_failed(std::string_view cause);

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  // The exposer keeps weak pointers: the collectables live here.
  std::shared_ptr<prometheus::Collectable> process_;
  std::shared_ptr<prometheus::Collectable> build_;
  prometheus::Exposer exposer_;
  prometheus::Counter& applied_;
  prometheus::Counter& voided_;
  prometheus::Family<prometheus::Counter>& dead_lettered_;
  prometheus::Histogram& batch_events_;
  prometheus::Histogram& batch_seconds_;
  prometheus::Family<prometheus::Gauge>& committed_offset_;
  prometheus::Family<prometheus::Gauge>& end_offset_;
  prometheus::Family<prometheus::Gauge>& lag_;
  prometheus::Family<prometheus::Counter>& session_failures_;

  using OffsetPair = std::pair<std::int64_t, std::int64_t>;  // committed, end
  std::mutex offsets_mutex_;
  std::map<std::pair<schema::Topic, std::int32_t>, OffsetPair> offsets_;
  void record(schema::Topic topic, std::int32_t partition,
              prometheus::Family<prometheus::Gauge>& family, std::int64_t OffsetPair::*which,
              std::int64_t value);
};

}  // namespace linkstream::projector
