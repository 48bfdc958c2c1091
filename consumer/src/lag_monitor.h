#pragma once
// Measures the end offset of every partition the projector reads, every few seconds, on a
// thread of its own: the projector's lag (end offset minus the offset committed in
// PostgreSQL) keeps growing in the metrics while the projector is stuck, because this
// thread does not depend on its sessions.

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "projector_metrics.h"

namespace linkstream::projector {

class LagMonitor {
 public:
  LagMonitor(std::string brokers, ProjectorMetrics& metrics,
             std::chrono::milliseconds interval = std::chrono::seconds(2));
  ~LagMonitor();  // stops and joins

  LagMonitor(const LagMonitor&) = delete;
  LagMonitor& operator=(const LagMonitor&) = delete;

 private:
  void run();

  std::string brokers_;
  ProjectorMetrics& metrics_;
  std::chrono::milliseconds interval_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace linkstream::projector
