#include "metrics/runtime_metrics.h"

#include <prometheus/client_metric.h>
#include <prometheus/metric_family.h>

namespace linkstream::api {

namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

ClientMetric value(double v, MetricType type, std::vector<ClientMetric::Label> labels = {}) {
  ClientMetric metric;
  metric.label = std::move(labels);
  (type == MetricType::Counter ? metric.counter.value : metric.gauge.value) = v;
  return metric;
}

MetricFamily gauge(const std::string& name, const std::string& help, double v) {
  return {name, help, MetricType::Gauge, {value(v, MetricType::Gauge)}};
}

MetricFamily counter(const std::string& name, const std::string& help, double v) {
  return {name, help, MetricType::Counter, {value(v, MetricType::Counter)}};
}

void add_appends(MetricFamily& family, const std::string& stream,
                 const eventlog::LogWriter::Counts& counts) {
  const auto add = [&](const char* result, std::uint64_t n) {
    family.metric.push_back(value(static_cast<double>(n), MetricType::Counter,
                                  {{"result", result}, {"stream", stream}}));
  };
  add("delivered", counts.delivered);
  add("failed", counts.failed);
  add("refused", counts.refused);
  add("unknown", counts.unknown);
}

}  // namespace

std::vector<MetricFamily> RuntimeMetrics::Collect() const {
  const auto& view = sources_.view;
  const auto [users, urls] = view.read([](const schema::State& s) {
    return std::pair{static_cast<double>(s.user_count()), static_cast<double>(s.url_count())};
  });
  std::vector<MetricFamily> families{
      gauge("linkstream_view_users", "Live users in this replica's view of the log.", users),
      gauge("linkstream_view_urls", "Live URLs in this replica's view of the log.", urls),
      counter("linkstream_view_events_folded_total",
              "Entity events folded into the view since the process started.",
              static_cast<double>(view.events_folded())),
      gauge("linkstream_view_lag_events",
            "Entity events in the log not yet folded into the view (-1: log not reached yet).",
            static_cast<double>(view.lag())),
      gauge("linkstream_view_serving_snapshot",
            "1 while the view serves its snapshot because Kafka cannot be reached.",
            view.serving_snapshot() ? 1 : 0),
      counter("linkstream_click_spool_sync_failures_total",
              "Syncs of the click spool to disk that failed; while the last one failed, "
              "redirects answer 503 rather than promise a click the disk may not keep.",
              static_cast<double>(sources_.spool.sync_failures())),
      gauge("linkstream_click_spool_unshipped_bytes",
            "Bytes of spooled clicks not yet confirmed by Kafka.",
            static_cast<double>(sources_.spool.unshipped_bytes())),
      gauge("linkstream_click_spool_oldest_unshipped_age_seconds",
            "How long the oldest click not yet confirmed by Kafka has waited.",
            sources_.relay.oldest_unshipped_age_seconds()),
      counter("linkstream_db_errors_total",
              "PostgreSQL reads that failed: unreachable, query error, or too many waiting.",
              static_cast<double>(sources_.read_pool.failures())),
  };
  MetricFamily appends{"linkstream_log_appends_total",
                       "Events appended to Kafka, by stream (entities: user and URL writes; "
                       "clicks: the click relay) and result (delivered, failed after queueing, "
                       "refused at once, unknown: timed out after it was sent, so possibly "
                       "written).",
                       MetricType::Counter,
                       {}};
  add_appends(appends, "entities", sources_.entity_writer.counts());
  add_appends(appends, "clicks", sources_.click_writer.counts());
  families.push_back(std::move(appends));
  return families;
}

}  // namespace linkstream::api
