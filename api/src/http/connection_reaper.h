#pragma once
// The thread that ends the connections a ConnectionTable finds past their limits: each is
// shut down in both directions (its worker then sees the end, as for a client that left,
// and Pistache closes it), counted, and the number held is published. Idle and slow
// connections get no answer, as with nginx's keepalive_timeout and client_header_timeout.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "http/connection_table.h"
#include "metrics/http_metrics.h"

namespace linkstream::api {

class ConnectionReaper {
 public:
  // Sweeps every quarter of the shortest limit (between 50 ms and 1 s).
  ConnectionReaper(std::shared_ptr<ConnectionTable> table, std::shared_ptr<HttpMetrics> metrics);
  ~ConnectionReaper();  // stop()
  ConnectionReaper(const ConnectionReaper&) = delete;
  ConnectionReaper& operator=(const ConnectionReaper&) = delete;

  // Stops sweeping (idempotent). Before the server closes its connections: Pistache closes
  // them then without telling the table, and their numbers may go to other files.
  void stop();

 private:
  void run();

  std::shared_ptr<ConnectionTable> table_;
  std::shared_ptr<HttpMetrics> metrics_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace linkstream::api
