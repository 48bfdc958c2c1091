#include "linkstream/platform/process_metrics.h"

#include <prometheus/client_metric.h>
#include <prometheus/metric_family.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#ifndef LINKSTREAM_VERSION
#define LINKSTREAM_VERSION "unknown"
#endif
#ifndef LINKSTREAM_REVISION
#define LINKSTREAM_REVISION "unknown"
#endif

namespace linkstream::platform {

namespace {

prometheus::MetricFamily single(const std::string& name, const std::string& help,
                                prometheus::MetricType type, double value) {
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  return {name, help, type, {metric}};
}

class ProcessCollector : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> families;
    const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));

    // /proc/self/stat: fields after the command (which may hold spaces) are space-separated;
    // utime and stime are fields 14 and 15, starttime 22, vsize 23, rss 24.
    std::ifstream stat_file("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(stat_file)), {});
    const auto after_command = stat.rfind(')');
    if (after_command != std::string::npos) {
      std::istringstream fields(stat.substr(after_command + 2));
      std::vector<std::string> f((std::istream_iterator<std::string>(fields)), {});
      if (f.size() > 21) {  // f[0] is field 3
        const double cpu = (std::stod(f[11]) + std::stod(f[12])) / ticks;
        families.push_back(single("process_cpu_seconds_total",
                                  "Total user and system CPU time spent in seconds.",
                                  prometheus::MetricType::Counter, cpu));
        families.push_back(single(
            "process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
            prometheus::MetricType::Gauge, boot_time() + std::stod(f[19]) / ticks));
        families.push_back(single("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                                  prometheus::MetricType::Gauge, std::stod(f[20])));
        families.push_back(single("process_resident_memory_bytes", "Resident memory size in bytes.",
                                  prometheus::MetricType::Gauge, std::stod(f[21]) * page));
      }
    }
    std::error_code error;
    double open = 0;
    for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end;
         it.increment(error)) {
      ++open;
    }
    families.push_back(single("process_open_fds", "Number of open file descriptors.",
                              prometheus::MetricType::Gauge, open));
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
      families.push_back(single("process_max_fds", "Maximum number of open file descriptors.",
                                prometheus::MetricType::Gauge,
                                static_cast<double>(limit.rlim_cur)));
    }
    return families;
  }

 private:
  static double boot_time() {
    std::ifstream stat("/proc/stat");
    for (std::string key; stat >> key;) {
      if (key == "btime") {
        double seconds = 0;
        stat >> seconds;
        return seconds;
      }
      stat.ignore(1 << 20, '\n');
    }
    return 0;
  }
};

class BuildInfo : public prometheus::Collectable {
 public:
  explicit BuildInfo(std::string component) : component_(std::move(component)) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    prometheus::ClientMetric metric;
    metric.label = {{"component", component_},
                    {"revision", LINKSTREAM_REVISION},
                    {"version", LINKSTREAM_VERSION}};
    metric.gauge.value = 1;
    return {{"linkstream_build_info",
             "Which build of which linkstream component answers.",
             prometheus::MetricType::Gauge,
             {metric}}};
  }

 private:
  std::string component_;
};

}  // namespace

std::shared_ptr<prometheus::Collectable> process_metrics() {
  return std::make_shared<ProcessCollector>();
}

std::shared_ptr<prometheus::Collectable> build_info(const std::string& component) {
  return std::make_shared<BuildInfo>(component);
}

}  // namespace linkstream::platform
