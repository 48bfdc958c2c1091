// linkstream-projector: folds the log into PostgreSQL's read tables, exactly once.
//
//   linkstream-projector                        run (until SIGINT or SIGTERM)
//   linkstream-projector rebuild                rebuild every read table from offset 0, swap in
//   linkstream-projector verify                 compare the read tables with a fresh fold
//   linkstream-projector replay TOPIC SINCE     write TOPIC's events since SINCE again
//
// SINCE is a UTC time "YYYY-MM-DDTHH:MM:SS", "beginning", or PARTITION:OFFSET[,...]
// (consumer/src/replay.h). linkstreamctl (ctl/) runs the same commands. Settings come from the
// environment (config.h); the operator commands also read LINKSTREAM_MIGRATIONS_DIR (the
// migrations/ folder).

#include <spdlog/spdlog.h>

#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "config.h"
#include "lag_monitor.h"
#include "linkstream/platform/environment.h"
#include "linkstream/platform/logging.h"
#include "linkstream/platform/termination.h"
#include "operator_commands.h"
#include "projector.h"

using namespace linkstream;

namespace {

constexpr const char* kUsage = "usage: linkstream-projector [COMMAND]\n";

int run_projector(const projector::Config& config) {
  platform::block_termination_signals();
  std::unique_ptr<projector::ProjectorMetrics> metrics;
  std::unique_ptr<eventlog::LogWriter> dead_letter_writer;
  try {
    metrics = std::make_unique<projector::ProjectorMetrics>(config.metrics_address);
    dead_letter_writer = std::make_unique<eventlog::LogWriter>(
        eventlog::LogWriter::Options{.brokers = config.kafka_brokers,
                                     .client_id = "linkstream-projector-deadletters",
                                     .extra = {},
                                     .topics = {schema::Topic::kDeadLetters}});
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
  projector::LagMonitor lag(config.kafka_brokers, *metrics);
  projector::Projector projector(config, *dead_letter_writer, *metrics);
  std::thread worker([&projector] { projector.run(); });
  const int signal = platform::wait_for_termination();
  spdlog::info("signal {}: stopping after the current batch", signal);
  projector.stop();
  worker.join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  platform::setup_logging("projector");
  projector::Config config;
  try {
    config = projector::Config::from_environment();
  } catch (const platform::SettingError& e) {
    spdlog::critical("bad setting: {}", e.what());
    return 2;
  }
  if (argc > 1) {
    if (!projector::is_operator_command(argv[1])) {
      std::cerr << kUsage << projector::kOperatorCommandsUsage;
      return 2;
    }
    try {
      return projector::run_operator_command(config, {argv + 1, argv + argc});
    } catch (const std::exception& e) {
      std::cerr << argv[1] << " failed: " << e.what() << std::endl;
      return 1;
    }
  }
  spdlog::info("starting with {}", config.describe());
  return run_projector(config);
}
