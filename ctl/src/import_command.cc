#include "import_command.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include "api_client.h"
#include "csv_chunks.h"
#include "progress_bar.h"

namespace linkstream::ctl {

namespace {

constexpr std::size_t kRowsPerRequest = 1000;
constexpr int kAttempts = 10;
constexpr std::size_t kErrorsShown = 10;

struct Kind {
  int order;
  const char* route;
  const char* name;
};

constexpr Kind kUsers{0, "/users/bulk", "users"};
constexpr Kind kUrls{1, "/urls/bulk", "URLs"};
constexpr Kind kEvents{2, "/events/bulk", "events"};

// The header names the kind: only URLs have short_code, only events event_type.
const Kind* kind_of(const std::string& header) {
  const auto has = [&](const char* column) { return header.find(column) != std::string::npos; };
  if (has("short_code")) return &kUrls;
  if (has("event_type")) return &kEvents;
  if (has("email")) return &kUsers;
  return nullptr;
}

struct Upload {
  std::string path;
  const Kind* kind = nullptr;
  CsvFile csv;
};

struct Tally {
  std::size_t rows = 0;
  std::size_t imported = 0;
  std::vector<std::string> errors;  // "users.csv:12: email is already registered"
};

std::optional<std::string> read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string key_of(const CsvChunk& chunk) {
  std::ostringstream key;
  key << "linkstreamctl-import-" << std::hex << std::hash<std::string>{}(chunk.text) << "-"
      << std::dec << chunk.text.size();
  return key.str();
}

// Sends one piece until the api gives a verdict on it; throws ApiUnreachable, or
// std::runtime_error with the api's answer when it refuses the piece as a whole.
rapidjson::Document send(ApiClient& api, const Upload& upload, const CsvChunk& chunk) {
  for (int attempt = 1;; ++attempt) {
    const auto answer =
        api.post(upload.kind->route, chunk.text,
                 {{"Content-Type", "text/csv"}, {"Idempotency-Key", key_of(chunk)}});
    if (answer.status == 201) {
      rapidjson::Document report;
      report.Parse(answer.body.c_str());
      if (report.IsObject() && report.HasMember("imported") && report.HasMember("errors")) {
        return report;
      }
      throw std::runtime_error("the api answered 201 without an import report: " + answer.body);
    }
    const bool transient = answer.status == 429 || answer.status == 503 || answer.status == 502;
    if (!transient || attempt == kAttempts) {
      throw std::runtime_error(upload.path + ": " + upload.kind->route + " answered " +
                               std::to_string(answer.status) + ": " + answer.body);
    }
    // Sent again with the same key: a piece that took effect is not appended twice. The
    // api's rate limit refills within a second or two (Retry-After says 1 or 2).
    std::this_thread::sleep_for(std::chrono::seconds(std::min(attempt, 5)));
  }
}

void import_file(ApiClient& api, const Upload& upload, Tally& tally) {
  const std::string what = "importing " + upload.path + " (" + upload.kind->name + ")";
  ProgressBar bar(what, upload.csv.records);
  std::size_t done = 0;
  try {
    for (const auto& chunk : upload.csv.chunks) {
      const auto report = send(api, upload, chunk);
      tally.rows += chunk.records;
      tally.imported += report["imported"].GetUint64();
      for (const auto& error : report["errors"].GetArray()) {
        const auto line = chunk.file_line(error["line"].GetUint64(), upload.csv.header_lines);
        tally.errors.push_back(upload.path + ":" + std::to_string(line) + ": " +
                               error["error"].GetString());
      }
      done += chunk.records;
      bar.show(done);
    }
  } catch (...) {
    bar.finish(done);
    throw;
  }
  bar.finish(done);
}

}  // namespace

int run_import(const std::string& api_url, const std::vector<std::string>& files) {
  if (files.empty()) {
    std::cerr << "import: name the CSV files (users.csv urls.csv events.csv)\n";
    return 2;
  }
  std::vector<Upload> uploads;
  for (const auto& path : files) {
    const auto text = read_whole(path);
    if (!text) {
      std::cerr << "import: cannot read " << path << ": " << std::strerror(errno) << "\n";
      return 1;
    }
    Upload upload{.path = path, .kind = nullptr, .csv = cut_csv(*text, kRowsPerRequest)};
    upload.kind = kind_of(upload.csv.header);
    if (upload.kind == nullptr) {
      std::cerr << "import: cannot tell what " << path << " holds from its header '"
                << upload.csv.header
                << "': a users file has an email column, a URLs file short_code, an events "
                   "file event_type (docs/operations.md)\n";
      return 2;
    }
    uploads.push_back(std::move(upload));
  }
  std::stable_sort(uploads.begin(), uploads.end(),
                   [](const Upload& a, const Upload& b) { return a.kind->order < b.kind->order; });

  ApiClient api(api_url);
  Tally tally;
  for (const auto& upload : uploads) {
    try {
      import_file(api, upload, tally);
    } catch (const std::exception& e) {
      std::cerr << "import: " << e.what() << "\nimport: stopped; running the same command again "
                << "imports only the rows that are not in yet" << std::endl;
      return 1;
    }
  }
  std::cout << "import: " << tally.rows << " rows in " << uploads.size()
            << " file(s): " << tally.imported << " imported, " << tally.errors.size() << " refused"
            << std::endl;
  for (std::size_t i = 0; i < tally.errors.size() && i < kErrorsShown; ++i) {
    std::cout << "  " << tally.errors[i] << std::endl;
  }
  if (tally.errors.size() > kErrorsShown) {
    std::cout << "  ... and " << tally.errors.size() - kErrorsShown << " more" << std::endl;
  }
  return tally.errors.empty() ? 0 : 1;
}

}  // namespace linkstream::ctl
