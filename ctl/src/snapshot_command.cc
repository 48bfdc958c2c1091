#include "snapshot_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "linkstream/eventlog/log_reader.h"
#include "linkstream/schema/codec.h"
#include "linkstream/schema/fold.h"
#include "linkstream/schema/snapshot.h"
#include "text_table.h"
#include "topic_scan.h"
#include "view/snapshot_store.h"

namespace linkstream::ctl {

namespace {

constexpr const char* kUsage =
    "usage: linkstreamctl snapshot inspect [FILE...]\n"
    "       linkstreamctl snapshot write FILE\n";

// Where the log ends now; empty when Kafka does not answer (inspect works without it).
std::map<std::pair<schema::Topic, std::int32_t>, std::int64_t> log_ends(const Settings& settings) {
  std::map<std::pair<schema::Topic, std::int32_t>, std::int64_t> ends;
  try {
    eventlog::LogReader reader({.brokers = settings.projector.kafka_brokers,
                                .client_id = "linkstreamctl-snapshot",
                                .extra = {}});
    for (const auto topic : {schema::Topic::kUsers, schema::Topic::kUrls}) {
      const auto partitions = reader.partition_count(topic, std::chrono::seconds(3));
      for (std::int32_t p = 0; p < partitions; ++p) {
        ends[{topic, p}] = reader.end_offset(topic, p, std::chrono::seconds(3));
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "snapshot: Kafka did not answer (" << e.what() << "); not comparing with the log"
              << std::endl;
    ends.clear();
  }
  return ends;
}

int inspect(const Settings& settings, std::vector<std::string> files) {
  if (files.empty()) {
    const auto folder = std::filesystem::path(settings.state_dir) / "snapshots";
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
      if (entry.path().extension() == ".snapshot") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      std::cerr << "snapshot: no snapshot in " << folder.string()
                << " (name a file, or set LINKSTREAM_STATE_DIR; replicas write theirs on SIGTERM "
                   "and every LINKSTREAM_SNAPSHOT_INTERVAL_S)\n";
      return 1;
    }
  }
  const auto ends = log_ends(settings);
  int status = 0;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::string error;
    const auto snapshot = in ? schema::decode_snapshot(bytes.str(), &error) : std::nullopt;
    if (!in) error = std::strerror(errno);
    const auto size = static_cast<std::int64_t>(bytes.str().size());
    if (!snapshot) {
      std::cout << file << ": NOT a usable snapshot (" << error
                << "); a replica given it folds the log from offset 0" << std::endl;
      status = 1;
      continue;
    }
    const auto written = std::filesystem::last_write_time(file);
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(
        std::filesystem::file_time_type::clock::now() - written);
    std::cout << file << ": " << with_thousands(size) << " bytes, "
              << with_thousands(static_cast<std::int64_t>(snapshot->state.user_count()))
              << " users, "
              << with_thousands(static_cast<std::int64_t>(snapshot->state.url_count()))
              << " URLs, written " << age.count() << " s ago" << std::endl;
    TextTable table({"  partition", "next offset", "log end", "events after it"});
    for (const auto& [key, next] : snapshot->next_offsets) {
      const auto end = ends.find(key);
      const bool known = end != ends.end();
      table.add(
          {"  " + std::string(schema::topic_name(key.first)) + "/" + std::to_string(key.second),
           with_thousands(next), known ? with_thousands(end->second) : "?",
           known ? (end->second < next ? "AHEAD of the log: dropped on start"
                                       : with_thousands(end->second - next))
                 : "?"});
    }
    table.print(std::cout);
  }
  return status;
}

int write(const Settings& settings, const std::string& file) {
  eventlog::LogReader reader({.brokers = settings.projector.kafka_brokers,
                              .client_id = "linkstreamctl-snapshot",
                              .extra = {}});
  const auto from = from_the_beginning(reader, {schema::Topic::kUsers, schema::Topic::kUrls});
  schema::State state;
  std::int64_t folded = 0, skipped = 0;
  const auto next = scan_to_end(reader, from, [&](const eventlog::LogMessage& message) {
    // As the api's view does: a message that is not an event is skipped (a dead letter).
    if (const auto decoded = schema::decode(message.payload)) {
      schema::fold(state, *decoded.event);
      ++folded;
    } else {
      ++skipped;
    }
  });
  const auto bytes = schema::encode_snapshot(state, next);
  api::SnapshotStore(file).save(bytes);
  std::cout << "snapshot: wrote " << file << " ("
            << with_thousands(static_cast<std::int64_t>(bytes.size()))
            << " bytes): " << state.user_count() << " users, " << state.url_count() << " URLs from "
            << folded << " events"
            << (skipped > 0 ? ", " + std::to_string(skipped) + " skipped (not events)" : "")
            << std::endl;
  return 0;
}

}  // namespace

int run_snapshot(const Settings& settings, const std::vector<std::string>& arguments) {
  if (!arguments.empty() && arguments[0] == "inspect") {
    return inspect(settings, {arguments.begin() + 1, arguments.end()});
  }
  if (arguments.size() == 2 && arguments[0] == "write") return write(settings, arguments[1]);
  std::cerr << kUsage;
  return 2;
}

}  // namespace linkstream::ctl
