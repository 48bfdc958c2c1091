#include "lag_monitor.h"

#include <spdlog/spdlog.h>

#include "linkstream/eventlog/log_reader.h"
#include "projector.h"

namespace linkstream::projector {

LagMonitor::LagMonitor(std::string brokers, ProjectorMetrics& metrics,
                       std::chrono::milliseconds interval)
    : brokers_(std::move(brokers)), metrics_(metrics), interval_(interval) {
  thread_ = std::thread([this] { run(); });
}

LagMonitor::~LagMonitor() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void LagMonitor::run() {
  eventlog::LogReader reader(
      {.brokers = brokers_, .client_id = "linkstream-projector-lag", .extra = {}});
  auto last_warning = std::chrono::steady_clock::time_point{};
  while (!stopping_) {
    try {
      for (const auto& [topic, partition] : all_partitions(reader)) {
        metrics_.end_offset(topic, partition,
                            reader.end_offset(topic, partition, std::chrono::seconds(5)));
      }
    } catch (const eventlog::KafkaSetupError& e) {
      // The last end offsets stand; say so once a minute, not every interval.
      if (std::chrono::steady_clock::now() - last_warning > std::chrono::minutes(1)) {
        last_warning = std::chrono::steady_clock::now();
        spdlog::warn("lag: cannot read the log's end offsets: {}", e.what());
      }
    }
    for (auto waited = std::chrono::milliseconds(0); waited < interval_ && !stopping_;
         waited += std::chrono::milliseconds(100)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // interruptible wait
    }
  }
}

}  // namespace linkstream::projector
