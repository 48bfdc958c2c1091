#include "deliverer_metrics.h"

#include "linkstream/platform/process_metrics.h"

namespace linkstream::deliverer {

DelivererMetrics::DelivererMetrics(const std::string& address)
    : registry_(std::make_shared<prometheus::Registry>()),
      process_(platform::process_metrics()),
      build_(platform::build_info("deliverer")),
      exposer_(address),
      owed_(prometheus::BuildCounter()
                .Name("linkstream_webhook_deliveries_owed_total")
                .Help("Deliveries the intake matched and wrote to the outbox.")
                .Register(*registry_)
                .Add({})),
      attempts_(prometheus::BuildCounter()
                    .Name("linkstream_webhook_attempts_total")
                    .Help("Attempts to send a delivery, by outcome: delivered (a 2xx), failed "
                          "(to be tried again), dead (given up: a dead letter).")
                    .Register(*registry_)),
      delivered_(attempts_.Add({{"outcome", "delivered"}})),
      failed_(attempts_.Add({{"outcome", "failed"}})),
      dead_(attempts_.Add({{"outcome", "dead"}})),
      intake_failures_(prometheus::BuildCounter()
                           .Name("linkstream_webhook_intake_failures_total")
                           .Help("Intake sessions ended by an error (Kafka or PostgreSQL away); "
                                 "each starts again from the stored offsets.")
                           .Register(*registry_)
                           .Add({})) {
  exposer_.RegisterCollectable(registry_);
  exposer_.RegisterCollectable(process_);
  exposer_.RegisterCollectable(build_);
}

}  // namespace linkstream::deliverer
