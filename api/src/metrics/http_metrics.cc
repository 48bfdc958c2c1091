#include "metrics/http_metrics.h"

#include <prometheus/text_serializer.h>

#include <atomic>
#include <sstream>
#include <unordered_map>

namespace linkstream::api {

namespace {

// From a cached redirect (~100 µs) to a write that waits on Kafka (~10 ms) and a slow
// listing (seconds).
const prometheus::Histogram::BucketBoundaries kLatencyBuckets = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

std::atomic<std::uint64_t> next_metrics_id{1};

}  // namespace

HttpMetrics::HttpMetrics()
    : id_(next_metrics_id++),
      registry_(std::make_shared<prometheus::Registry>()),
      requests_(prometheus::BuildCounter()
                    .Name("linkstream_http_requests_total")
                    .Help("HTTP requests answered, by method, route template and status.")
                    .Register(*registry_)),
      durations_(prometheus::BuildHistogram()
                     .Name("linkstream_http_request_duration_seconds")
                     .Help("Time from request parsed to answer sent, by method and route.")
                     .Register(*registry_)),
      redirects_(prometheus::BuildCounter()
                     .Name("linkstream_redirects_total")
                     .Help("Redirects answered with 302.")
                     .Register(*registry_)
                     .Add({})),
      clicks_not_recorded_(
          prometheus::BuildCounter()
              .Name("linkstream_clicks_not_recorded_total")
              .Help("Redirects refused because the click spool could not take the click.")
              .Register(*registry_)
              .Add({})),
      rate_limited_(prometheus::BuildCounter()
                        .Name("linkstream_rate_limited_total")
                        .Help("Requests refused with 429, by the limit that refused them.")
                        .Register(*registry_)),
      connections_refused_(prometheus::BuildCounter()
                               .Name("linkstream_http_connections_refused_total")
                               .Help("Connections refused as they opened: too many from their "
                                     "address (answered 429) or in all (closed).")
                               .Register(*registry_)),
      connections_ended_(prometheus::BuildCounter()
                             .Name("linkstream_http_connections_ended_total")
                             .Help("Connections the api closed: idle past the keep-alive "
                                   "timeout, too slow with a request's head or body, or "
                                   "refused and silent.")
                             .Register(*registry_)),
      open_connections_(prometheus::BuildGauge()
                            .Name("linkstream_http_open_connections")
                            .Help("Client connections the api holds.")
                            .Register(*registry_)
                            .Add({})),
      in_flight_(prometheus::BuildGauge()
                     .Name("linkstream_http_requests_in_flight")
                     .Help("Requests being handled: started, not yet answered.")
                     .Register(*registry_)
                     .Add({})) {
  // Both series from the start, at zero: a rate over a series that appears only with its
  // first refusal misses that refusal.
  for (const char* limit : {"writes", "unknown_codes"}) rate_limited_.Add({{"limit", limit}});
  for (const char* reason : {"address", "total"}) connections_refused_.Add({{"reason", reason}});
  for (const char* reason : {"idle", "slow_head", "slow_body", "refused"})
    connections_ended_.Add({{"reason", reason}});
}

void HttpMetrics::observe_request(std::string_view method, std::string_view route, int status,
                                  std::chrono::steady_clock::duration duration) {
  const Series& series = series_for(method, route, status);
  series.requests->Increment();
  series.duration->Observe(std::chrono::duration<double>(duration).count());
}

// Family::Add builds a label map and takes the family's lock: cheap at a scrape, not at
// tens of thousands of requests a second. Each thread keeps the series it has met, keyed
// by this object's id (so a cache never outlives the metrics it points into).
const HttpMetrics::Series& HttpMetrics::series_for(std::string_view method, std::string_view route,
                                                   int status) {
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  thread_local std::unordered_map<std::string, Series, Hash, std::equal_to<>> cache;
  thread_local std::string key;
  key.assign(std::to_string(id_)).append(1, ' ').append(method).append(1, ' ');
  key.append(route).append(1, ' ').append(std::to_string(status));
  if (auto it = cache.find(std::string_view(key)); it != cache.end()) return it->second;
  Series series{&requests_.Add({{"method", std::string(method)},
                                {"route", std::string(route)},
                                {"status", std::to_string(status)}}),
                &durations_.Add({{"method", std::string(method)}, {"route", std::string(route)}},
                                kLatencyBuckets)};
  return cache.emplace(key, series).first->second;
}

void HttpMetrics::count_redirect() {
  redirects_.Increment();
}
void HttpMetrics::count_click_not_recorded() {
  clicks_not_recorded_.Increment();
}
void HttpMetrics::count_rate_limited(std::string_view limit) {
  rate_limited_.Add({{"limit", std::string(limit)}}).Increment();
}

void HttpMetrics::count_connection_refused(std::string_view reason) {
  connections_refused_.Add({{"reason", std::string(reason)}}).Increment();
}

void HttpMetrics::count_connection_ended(std::string_view reason) {
  connections_ended_.Add({{"reason", std::string(reason)}}).Increment();
}

void HttpMetrics::set_open_connections(std::size_t open) {
  open_connections_.Set(static_cast<double>(open));
}

void HttpMetrics::add_collectable(std::shared_ptr<prometheus::Collectable> collectable) {
  collectables_.push_back(std::move(collectable));
}

std::string HttpMetrics::exposition() const {
  auto families = registry_->Collect();
  for (const auto& collectable : collectables_) {
    auto more = collectable->Collect();
    families.insert(families.end(), std::make_move_iterator(more.begin()),
                    std::make_move_iterator(more.end()));
  }
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace linkstream::api
