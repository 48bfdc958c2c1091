#pragma once
// Whether this replica is on its way out. Set once, on SIGTERM; from then on the replica
// still answers every request it gets, and says that it is leaving: GET /health/ready
// answers 503 "draining" (a load balancer's health check takes it out), and every answer
// carries `Connection: close` (a client's next request opens a connection that a
// replica still running will take). main() closes the server once the requests in flight
// are answered, or when the grace period ends.

#include <atomic>

namespace linkstream::api {

class Drain {
 public:
  void start() { started_.store(true, std::memory_order_relaxed); }
  bool started() const { return started_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> started_{false};
};

}  // namespace linkstream::api
