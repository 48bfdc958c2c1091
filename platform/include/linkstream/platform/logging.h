#pragma once
// One logging set-up for every linkstream process: UTC timestamps, the level and the
// component on every line, written to stdout (supervisord keeps the files).

#include <string>

namespace linkstream::platform {

// `component`: "api", "projector", ... Level from LINKSTREAM_LOG_LEVEL (default info).
void setup_logging(const std::string& component);

}  // namespace linkstream::platform
