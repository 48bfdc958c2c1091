#include "projector_metrics.h"

#include "linkstream/platform/process_metrics.h"

namespace linkstream::projector {

ProjectorMetrics::ProjectorMetrics(const std::string& address)
    : registry_(std::make_shared<prometheus::Registry>()),
      process_(platform::process_metrics()),
      build_(platform::build_info("projector")),
      exposer_(address),
      applied_(prometheus::BuildCounter()
                   .Name("linkstream_projector_events_applied_total")
                   .Help("Events written to the read tables.")
                   .Register(*registry_)
                   .Add({})),
      voided_(prometheus::BuildCounter()
                  .Name("linkstream_projector_events_voided_total")
                  .Help("Events void where they stand in the log (recorded in voided_events).")
                  .Register(*registry_)
                  .Add({})),
      dead_lettered_(prometheus::BuildCounter()
                         .Name("linkstream_projector_dead_letters_total")
                         .Help("Messages that could not be read as events, sent to "
                               "linkstream.deadletter, by reason.")
                         .Register(*registry_)),
      batch_events_(
          prometheus::BuildHistogram()
              .Name("linkstream_projector_batch_events")
              .Help("Events per committed batch.")
              .Register(*registry_)
              .Add({}, prometheus::Histogram::BucketBoundaries{1, 10, 100, 1000, 5000, 20000})),
      batch_seconds_(prometheus::BuildHistogram()
                         .Name("linkstream_projector_batch_duration_seconds")
                         .Help("Time to write and commit one batch.")
                         .Register(*registry_)
                         .Add({}, prometheus::Histogram::BucketBoundaries{0.001, 0.005, 0.01, 0.05,
                                                                          0.1, 0.5, 1, 5})),
      committed_offset_(
          prometheus::BuildGauge()
              .Name("linkstream_projector_committed_offset")
              .Help("The next offset to apply, as committed in PostgreSQL, per partition.")
              .Register(*registry_)),
      end_offset_(prometheus::BuildGauge()
                      .Name("linkstream_projector_log_end_offset")
                      .Help("The offset the next event of the partition will get in Kafka.")
                      .Register(*registry_)),
      lag_(prometheus::BuildGauge()
               .Name("linkstream_projector_lag_events")
               .Help("Events in the log not yet in PostgreSQL: the partition's end offset "
                     "minus the offset committed in PostgreSQL.")
               .Register(*registry_)),
      session_failures_(prometheus::BuildCounter()
                            .Name("linkstream_projector_session_failures_total")
                            .Help("Sessions ended by an error, by cause (database: PostgreSQL, "
                                  "log: Kafka, other); each restarts from the stored offsets.")
                            .Register(*registry_)) {
  // Every label value exists from the start at 0, so rates and dashboards show 0 rather
  // than nothing before the first dead letter or failure.
  for (const char* reason : {"malformed_json", "invalid_envelope", "unknown_type",
                             "unsupported_version", "invalid_data", "too_large"}) {
    dead_lettered_.Add({{"reason", reason}});
  }
  for (const char* cause : {"database", "log", "other"}) session_failures_.Add({{"cause", cause}});
  exposer_.RegisterCollectable(registry_);
  exposer_.RegisterCollectable(process_);
  exposer_.RegisterCollectable(build_);
}

void ProjectorMetrics::end_offset(schema::Topic topic, std::int32_t partition, std::int64_t end) {
  record(topic, partition, end_offset_, &OffsetPair::second, end);
}

// Sets one of a partition's two offsets (committed or end) and the lag between them.
void ProjectorMetrics::record(schema::Topic topic, std::int32_t partition,
                              prometheus::Family<prometheus::Gauge>& family,
                              std::int64_t OffsetPair::*which, std::int64_t value) {
  const prometheus::Labels labels{{"topic", std::string(schema::topic_name(topic))},
                                  {"partition", std::to_string(partition)}};
  family.Add(labels).Set(static_cast<double>(value));
  std::int64_t lag = 0;
  {
    std::lock_guard lock(offsets_mutex_);
    auto& offsets = offsets_[{topic, partition}];
    offsets.*which = value;
    lag = std::max<std::int64_t>(0, offsets.second - offsets.first);
  }
  lag_.Add(labels).Set(static_cast<double>(lag));
}

void ProjectorMetrics::session_failed(std::string_view cause) {
  session_failures_.Add({{"cause", std::string(cause)}}).Increment();
}

void ProjectorMetrics::dead_lettered(std::string_view reason) {
  dead_lettered_.Add({{"reason", std::string(reason)}}).Increment();
}

void ProjectorMetrics::batch(double events, double seconds) {
  batch_events_.Observe(events);
  batch_seconds_.Observe(seconds);
}

void ProjectorMetrics::committed(schema::Topic topic, std::int32_t partition,
                                 std::int64_t next_offset) {
  record(topic, partition, committed_offset_, &OffsetPair::first, next_offset);
}

}  // namespace linkstream::projector
