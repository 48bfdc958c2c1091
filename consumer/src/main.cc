// linkstream-projector: folds the log into PostgreSQL's read tables, exactly once.

#include <spdlog/spdlog.h>

#include <memory>
#include <thread>

#include "config.h"
#include "linkstream/platform/environment.h"
#include "linkstream/platform/logging.h"
#include "linkstream/platform/termination.h"
#include "projector.h"

using namespace linkstream;

int main() {
  platform::block_termination_signals();
  platform::setup_logging("projector");
  projector::Config config;
  try {
    config = projector::Config::from_environment();
  } catch (const platform::SettingError& e) {
    spdlog::critical("bad setting: {}", e.what());
    return 2;
  }
  spdlog::info("starting with {}", config.describe());

  std::unique_ptr<projector::ProjectorMetrics> metrics;
  std::unique_ptr<eventlog::LogWriter> dead_letter_writer;
  try {
    metrics = std::make_unique<projector::ProjectorMetrics>(config.metrics_address);
    dead_letter_writer = std::make_unique<eventlog::LogWriter>(
        eventlog::LogWriter::Options{.brokers = config.kafka_brokers,
                                     .client_id = "linkstream-projector-deadletters",
                                     .extra = {}});
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
  projector::Projector projector(config, *dead_letter_writer, *metrics);
  std::thread worker([&projector] { projector.run(); });
  const int signal = platform::wait_for_termination();
  spdlog::info("signal {}: stopping after the current batch", signal);
  projector.stop();
  worker.join();
  spdlog::info("stopped");
  return 0;
}
