// linkstream-projector: folds the log into PostgreSQL's read tables, exactly once.
//
//   linkstream-projector                        run (until SIGINT or SIGTERM)
//   linkstream-projector rebuild                rebuild every read table from offset 0, swap in
//   linkstream-projector verify                 compare the read tables with a fresh fold
//   linkstream-projector replay TOPIC SINCE     write TOPIC's events since SINCE again
//
// SINCE is UTC, "YYYY-MM-DDTHH:MM:SS". Settings come from the environment (config.h); the
// operator commands also read LINKSTREAM_MIGRATIONS_DIR (the migrations/ folder).

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
#include "projector.h"
#include "rebuild.h"
#include "replay.h"

using namespace linkstream;

namespace {

constexpr const char* kUsage =
    "usage: linkstream-projector [rebuild | verify | replay TOPIC SINCE]\n"
    "  SINCE: UTC time, YYYY-MM-DDTHH:MM:SS\n";

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

int run_command(const projector::Config& config, int argc, char** argv) {
  const std::string command = argv[1];
  const std::string migrations =
      platform::env_string("LINKSTREAM_MIGRATIONS_DIR", LINKSTREAM_DEFAULT_MIGRATIONS_DIR);
  if (command == "rebuild" && argc == 2) {
    return projector::run_fresh_projection(config, migrations,
                                           projector::FreshProjection::kRebuildAndSwap);
  }
  if (command == "verify" && argc == 2) {
    return projector::run_fresh_projection(config, migrations, projector::FreshProjection::kVerify);
  }
  if (command == "replay" && argc == 4) {
    const auto topic = schema::topic_from_name(argv[2]);
    const auto since = schema::parse_timestamp(argv[3]);
    if (!topic) {
      std::cerr << "unknown topic '" << argv[2]
                << "' (linkstream.users, linkstream.urls, linkstream.clicks, linkstream.events)\n";
      return 2;
    }
    if (!since) {
      std::cerr << "SINCE must be a UTC time, YYYY-MM-DDTHH:MM:SS; got '" << argv[3] << "'\n";
      return 2;
    }
    return projector::replay_topic(config, *topic, *since, std::chrono::hours(1));
  }
  std::cerr << kUsage;
  return 2;
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
    try {
      return run_command(config, argc, argv);
    } catch (const std::exception& e) {
      std::cerr << argv[1] << " failed: " << e.what() << std::endl;
      return 1;
    }
  }
  spdlog::info("starting with {}", config.describe());
  return run_projector(config);
}
