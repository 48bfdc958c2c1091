#include "linkstream/platform/logging.h"

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "linkstream/platform/environment.h"

namespace linkstream::platform {

namespace {

std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt>& ring() {
  static std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink;
  return sink;
}

}  // namespace

void setup_logging(const std::string& component, std::size_t ring_size) {
  auto console = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  ring() = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(ring_size);
  auto logger =
      std::make_shared<spdlog::logger>(component, spdlog::sinks_init_list{console, ring()});
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ [%n] %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(env_string("LINKSTREAM_LOG_LEVEL", "info")));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

std::vector<LogLine> recent_log_lines() {
  std::vector<LogLine> lines;
  if (!ring()) return lines;
  for (const auto& raw : ring()->last_raw()) {
    const auto level = spdlog::level::to_string_view(raw.level);
    lines.push_back({raw.time, std::string(level.data(), level.size()),
                     std::string(raw.logger_name.data(), raw.logger_name.size()),
                     std::string(raw.payload.data(), raw.payload.size())});
  }
  return lines;
}

}  // namespace linkstream::platform
