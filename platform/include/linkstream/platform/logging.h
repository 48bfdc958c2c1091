#pragma once
// One logging set-up for every linkstream process: UTC timestamps, the level and the
// component on every line, written to stdout (supervisord keeps the files), and the most
// recent lines kept in memory for GET /logs.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace linkstream::platform {

// `component`: "api", "projector", ... Level from LINKSTREAM_LOG_LEVEL (default info).
// Keeps the last `ring_size` lines in memory.
void setup_logging(const std::string& component, std::size_t ring_size = 5000);

struct LogLine {
  std::chrono::system_clock::time_point time;
  std::string level;  // "trace" ... "critical"
  std::string component;
  std::string message;
};

// The kept lines, oldest first. Thread-safe.
std::vector<LogLine> recent_log_lines();

}  // namespace linkstream::platform
