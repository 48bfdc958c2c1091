#include "targets.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace linkstream::load {

namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t at = 0;
  for (;;) {
    const auto tab = line.find('\t', at);
    fields.push_back(line.substr(at, tab == std::string::npos ? std::string::npos : tab - at));
    if (tab == std::string::npos) return fields;
    at = tab + 1;
  }
}

std::size_t label_index(Targets& targets, const std::string& label) {
  const auto it = std::find(targets.labels.begin(), targets.labels.end(), label);
  if (it != targets.labels.end()) return static_cast<std::size_t>(it - targets.labels.begin());
  targets.labels.push_back(label);
  return targets.labels.size() - 1;
}

}  // namespace

Targets read_targets(const std::string& file, const std::string& host) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read targets file " + file);
  Targets targets;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const auto fields = split_tabs(line);
    if (fields.size() < 3 || fields.size() > 4 || fields[0].empty() || fields[1].empty() ||
        !fields[2].starts_with('/')) {
      throw std::runtime_error(file + ":" + std::to_string(number) +
                               ": expected label, METHOD, /path and an optional body, "
                               "separated by tabs");
    }
    std::string request = fields[1] + " " + fields[2] + " HTTP/1.1\r\nHost: " + host + "\r\n";
    if (fields.size() == 4) {
      request +=
          "Content-Type: application/json\r\nContent-Length: " + std::to_string(fields[3].size()) +
          "\r\n\r\n" + fields[3];
    } else {
      request += "\r\n";
    }
    targets.requests.push_back({label_index(targets, fields[0]), std::move(request)});
  }
  if (targets.requests.empty()) throw std::runtime_error("targets file " + file + " is empty");
  return targets;
}

}  // namespace linkstream::load
