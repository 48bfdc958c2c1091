// open-loop-load: a constant request rate over a fixed number of keep-alive connections,
// latencies measured from each request's due time (open_loop.h). One JSON object on
// standard output; tests/load/linkstream_bench/load.py reads it.
//
//   open-loop-load --port 28080 --rate 5000 --seconds 20 --connections 200
//                  --targets FILE [--host 127.0.0.1] [--timeout-ms 5000] [--min-wake-us 100]

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>

#include "open_loop.h"
#include "targets.h"

namespace {

using linkstream::load::OpenLoopOptions;
using linkstream::load::OpenLoopReport;

std::int64_t percentile(const std::vector<std::int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1));
  return sorted[rank];
}

std::string latency_fields(std::vector<std::int64_t> latencies) {
  std::sort(latencies.begin(), latencies.end());
  return "\"answered\":" + std::to_string(latencies.size()) +
         ",\"p50_us\":" + std::to_string(percentile(latencies, 50)) +
         ",\"p95_us\":" + std::to_string(percentile(latencies, 95)) +
         ",\"p99_us\":" + std::to_string(percentile(latencies, 99)) +
         ",\"max_us\":" + std::to_string(latencies.empty() ? 0 : latencies.back());
}

std::string to_json(const OpenLoopReport& report, const std::vector<std::string>& labels) {
  std::vector<std::int64_t> all;
  std::string per_label;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    all.insert(all.end(), report.latencies_us[i].begin(), report.latencies_us[i].end());
    per_label +=
        (i ? "," : "") + ("\"" + labels[i] + "\":{") + latency_fields(report.latencies_us[i]) + "}";
  }
  std::string statuses;
  for (const auto& [status, count] : report.statuses) {
    statuses +=
        (statuses.empty() ? "\"" : ",\"") + std::to_string(status) + "\":" + std::to_string(count);
  }
  std::string worst;
  for (const auto us : report.worst_us_by_second)
    worst += (worst.empty() ? "" : ",") + std::to_string(us);
  return "{\"due\":" + std::to_string(report.due) + ",\"failed\":" + std::to_string(report.failed) +
         ",\"timed_out\":" + std::to_string(report.timed_out) +
         ",\"seconds\":" + std::to_string(report.seconds) + ",\"statuses\":{" + statuses + "}," +
         latency_fields(std::move(all)) + ",\"worst_us_by_second\":[" + worst + "],\"labels\":{" +
         per_label + "}}";
}

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "open-loop-load: " << problem
            << "\nusage: open-loop-load --port N --rate R --seconds S --connections C "
               "--targets FILE [--host IPV4] [--timeout-ms MS] [--min-wake-us US]\n";
  std::exit(2);
}

double number(const std::string& name, const char* text) {
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  if (!end || *end != '\0' || value <= 0) usage(name + " needs a positive number");
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  OpenLoopOptions options;
  std::string targets_file;
  for (int i = 1; i < argc; ++i) {
    const std::string name = argv[i];
    if (i + 1 >= argc) usage(name + " needs a value");
    const char* value = argv[++i];
    if (name == "--host")
      options.host = value;
    else if (name == "--port")
      options.port = static_cast<int>(number(name, value));
    else if (name == "--rate")
      options.rate = number(name, value);
    else if (name == "--seconds")
      options.duration = std::chrono::milliseconds(static_cast<long>(number(name, value) * 1000));
    else if (name == "--connections")
      options.connections = static_cast<int>(number(name, value));
    else if (name == "--timeout-ms")
      options.timeout = std::chrono::milliseconds(static_cast<long>(number(name, value)));
    else if (name == "--min-wake-us")
      options.min_wake = std::chrono::microseconds(static_cast<long>(number(name, value)));
    else if (name == "--targets")
      targets_file = value;
    else
      usage("unknown option " + name);
  }
  if (options.port <= 0 || options.port > 65535) usage("--port is required");
  if (targets_file.empty()) usage("--targets is required");
  try {
    const auto targets = linkstream::load::read_targets(
        targets_file, options.host + ":" + std::to_string(options.port));
    const auto report = linkstream::load::run_open_loop(options, targets);
    std::cout << to_json(report, targets.labels) << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "open-loop-load: " << e.what() << "\n";
    return 1;
  }
}
