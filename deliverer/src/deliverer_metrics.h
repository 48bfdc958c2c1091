#pragma once
// linkstream-deliverer's metrics, served at LINKSTREAM_DELIVERER_METRICS_ADDRESS
// (GET /metrics; also what its health checks ask): deliveries owed, attempts by outcome,
// and intake sessions that failed. Thread-safe (prometheus-cpp's counters are).

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

namespace linkstream::deliverer {

class DelivererMetrics {
 public:
  // Throws std::exception when `address` cannot be listened on.
  explicit DelivererMetrics(const std::string& address);

  void owed(std::size_t deliveries) { owed_.Increment(static_cast<double>(deliveries)); }
  void delivered() { delivered_.Increment(); }
  void failed() { failed_.Increment(); }
  void dead() { dead_.Increment(); }
  void intake_failed() { intake_failures_.Increment(); }

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<prometheus::Collectable> process_;
  std::shared_ptr<prometheus::Collectable> build_;
  prometheus::Exposer exposer_;
  prometheus::Counter& owed_;
  prometheus::Family<prometheus::Counter>& attempts_;
  prometheus::Counter& delivered_;
  prometheus::Counter& failed_;
  prometheus::Counter& dead_;
  prometheus::Counter& intake_failures_;
};

}  // namespace linkstream::deliverer
