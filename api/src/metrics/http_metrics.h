#pragma once
// The api's Prometheus metrics and their text exposition for GET /metrics.
// Thread-safe (prometheus-cpp metrics are atomic; families are created once).

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace linkstream::api {

class HttpMetrics {
 public:
  HttpMetrics();

  // One finished request. `route` is the route template ("/users/{id}"), never the raw
  // path, so the number of series stays bounded.
  void observe_request(std::string_view method, std::string_view route, int status,
                       std::chrono::steady_clock::duration duration);
  // Requests being handled: started, not yet answered.
  void request_started() { in_flight_.Increment(); }
  void request_finished() { in_flight_.Decrement(); }
  double in_flight() const { return in_flight_.Value(); }
  void count_redirect();
  void count_click_not_recorded();
  // A request refused with 429 by the named limit ("writes", "unknown_codes").
  void count_rate_limited(std::string_view limit);
  // A connection refused when it opened ("address": its address holds the most allowed;
  // "total": the api holds the most it keeps), or ended by the api ("idle", "slow_head",
  // "slow_body", "refused": a refused one that sent no request).
  void count_connection_refused(std::string_view reason);
  void count_connection_ended(std::string_view reason);
  void set_open_connections(std::size_t open);
  // Metrics collected by others at each scrape (process, build, the api's parts).
  void add_collectable(std::shared_ptr<prometheus::Collectable> collectable);

  // Everything in the Prometheus text format.
  std::string exposition() const;

 private:
  struct Series {
    prometheus::Counter* requests;
    prometheus::Histogram* duration;
  };
  const Series& series_for(std::string_view method, std::string_view route, int status);

  std::uint64_t id_;  // tells this object's entries in the per-thread series cache apart
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& durations_;
  prometheus::Counter& redirects_;
  prometheus::Counter& clicks_not_recorded_;
  prometheus::Family<prometheus::Counter>& rate_limited_;
  prometheus::Family<prometheus::Counter>& connections_refused_;
  prometheus::Family<prometheus::Counter>& connections_ended_;
  prometheus::Gauge& open_connections_;
  prometheus::Gauge& in_flight_;
  std::vector<std::shared_ptr<prometheus::Collectable>> collectables_;
};

}  // namespace linkstream::api
