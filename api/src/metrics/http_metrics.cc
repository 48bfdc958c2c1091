#include "metrics/http_metrics.h"

#include <prometheus/text_serializer.h>

#include <sstream>

namespace linkstream::api {

namespace {

// From a cached redirect (~100 µs) to a write that waits on Kafka (~10 ms) and a slow
// listing (seconds).
const prometheus::Histogram::BucketBoundaries kLatencyBuckets = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

}  // namespace

HttpMetrics::HttpMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
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
      click_append_failures_(prometheus::BuildCounter()
                                 .Name("linkstream_click_append_failures_total")
                                 .Help("Clicks the log did not take.")
                                 .Register(*registry_)
                                 .Add({})) {}

void HttpMetrics::observe_request(std::string_view method, std::string_view route, int status,
                                  std::chrono::steady_clock::duration duration) {
  requests_
      .Add({{"method", std::string(method)},
            {"route", std::string(route)},
            {"status", std::to_string(status)}})
      .Increment();
  durations_.Add({{"method", std::string(method)}, {"route", std::string(route)}}, kLatencyBuckets)
      .Observe(std::chrono::duration<double>(duration).count());
}

void HttpMetrics::count_redirect() {
  redirects_.Increment();
}
void HttpMetrics::count_click_append_failure() {
  click_append_failures_.Increment();
}

std::string HttpMetrics::exposition() const {
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace linkstream::api
