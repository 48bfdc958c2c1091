#pragma once
// The projector's Prometheus metrics, served at http://<bind>:<port>/metrics.

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
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

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Exposer exposer_;
  prometheus::Counter& applied_;
  prometheus::Counter& voided_;
  prometheus::Family<prometheus::Counter>& dead_lettered_;
  prometheus::Histogram& batch_events_;
  prometheus::Histogram& batch_seconds_;
  prometheus::Family<prometheus::Gauge>& committed_offset_;
};

}  // namespace linkstream::projector
