// linkstream-deliverer: sends the log's events to the webhooks clients registered
// (docs/webhooks.md), at least once each, in order per webhook, signed.
//
//   linkstream-deliverer        run (until SIGINT or SIGTERM)
//
// Settings come from the environment (config.h). Its state is in PostgreSQL's schema
// linkstream_deliverer (migrations/005): its offsets in the log, and the deliveries owed.

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <thread>

#include "config.h"
#include "dispatcher.h"
#include "intake.h"
#include "linkstream/platform/environment.h"
#include "linkstream/platform/logging.h"
#include "linkstream/platform/termination.h"

using namespace linkstream;

int main() {
  platform::setup_logging("deliverer");
  platform::block_termination_signals();
  deliverer::Config config;
  try {
    config = deliverer::Config::from_environment();
  } catch (const platform::SettingError& e) {
    spdlog::critical("bad setting: {}", e.what());
    return 2;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    spdlog::critical("cannot start: curl_global_init failed");
    return 1;
  }
  spdlog::info("starting: {}", config.describe());
  std::unique_ptr<deliverer::DelivererMetrics> metrics;
  try {
    metrics = std::make_unique<deliverer::DelivererMetrics>(config.metrics_address);
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: metrics at {}: {}", config.metrics_address, e.what());
    return 1;
  }
  // The policy short URLs follow, with the webhooks' own allowed private targets.
  const api::UrlPolicy policy(config.allowed_private, "");
  deliverer::Dispatcher dispatcher(config, policy, *metrics);
  deliverer::Intake intake(config, *metrics, [&dispatcher] { dispatcher.wake(); });
  dispatcher.start();
  std::thread reading([&intake] { intake.run(); });
  const int signal = platform::wait_for_termination();
  spdlog::info("signal {}: stopping after the current batch and attempts", signal);
  intake.stop();
  reading.join();
  dispatcher.stop();
  curl_global_cleanup();
  spdlog::info("stopped");
  return 0;
}
