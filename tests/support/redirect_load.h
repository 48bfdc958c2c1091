#pragma once
// Redirect load for durability tests: follows one short code in a loop on its own thread,
// counting what came back, with a fresh connection per request (a client reusing a
// connection that died may resend a GET, which would make a second click).

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "support/http_client.h"
#include "support/stack_under_test.h"

namespace linkstream::testing {

class RedirectLoad {
 public:
  // `per_second`: at most this many requests a second (0: as fast as the api answers).
  // Every click becomes an event that later checks fold again: tests that verify the
  // whole log keep the rate moderate.
  explicit RedirectLoad(std::string code, int per_second = 0)
      : code_(std::move(code)), per_second_(per_second) {
    thread_ = std::thread([this] { run(); });
  }
  ~RedirectLoad() { stop(); }

  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
  }
  long redirects() const { return redirects_; }
  long others() const { return others_; }
  // Requests that broke after reaching the api: their click may or may not exist.
  long uncertain() const { return uncertain_; }

 private:
  void run() {
    auto http = std::make_unique<HttpClient>(api_url());
    http->use_fresh_connections();
    auto next = std::chrono::steady_clock::now();
    while (!stopping_) {
      if (per_second_ > 0) {
        next += std::chrono::microseconds(1'000'000 / per_second_);
        std::this_thread::sleep_until(next);  // pacing to the requested rate
      }
      try {
        const auto response = http->get("/" + code_);
        (response.status == 302 ? redirects_ : others_)++;
      } catch (const TransportError& e) {
        if (e.reached_server) ++uncertain_;
        http = std::make_unique<HttpClient>(api_url());
        http->use_fresh_connections();
        std::this_thread::sleep_for(
            std::chrono::milliseconds(20));  // the api is restarting: do not spin
      }
    }
  }

  std::string code_;
  int per_second_;
  std::atomic<bool> stopping_{false};
  std::atomic<long> redirects_{0}, others_{0}, uncertain_{0};
  std::thread thread_;
};

}  // namespace linkstream::testing
