#include "projector_metrics.h"

namespace linkstream::projector {

ProjectorMetrics::ProjectorMetrics(const std::string& address)
    : registry_(std::make_shared<prometheus::Registry>()),
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
              .Register(*registry_)) {
  exposer_.RegisterCollectable(registry_);
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
  committed_offset_
      .Add({{"topic", std::string(schema::topic_name(topic))},
            {"partition", std::to_string(partition)}})
      .Set(static_cast<double>(next_offset));
}

}  // namespace linkstream::projector
