#include "linkstream/platform/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "linkstream/platform/environment.h"

namespace linkstream::platform {

void setup_logging(const std::string& component) {
  auto logger = spdlog::stdout_logger_mt(component);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ [%n] %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(env_string("LINKSTREAM_LOG_LEVEL", "info")));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

}  // namespace linkstream::platform
