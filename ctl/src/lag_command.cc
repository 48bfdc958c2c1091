#include <iostream>
#include <pqxx/pqxx>

#include "linkstream/eventlog/log_reader.h"
#include "log_commands.h"
#include "offset_store.h"
#include "text_table.h"

namespace linkstream::ctl {

namespace {

constexpr auto kKafkaTimeout = std::chrono::seconds(10);

std::string ago(double seconds) {
  if (seconds < 0) return "";
  if (seconds < 120) return std::to_string(static_cast<int>(seconds)) + " s ago";
  if (seconds < 7200) return std::to_string(static_cast<int>(seconds / 60)) + " min ago";
  return std::to_string(static_cast<int>(seconds / 3600)) + " h ago";
}

}  // namespace

int run_lag(const Settings& settings, const std::vector<std::string>& arguments) {
  if (!arguments.empty()) {
    std::cerr << "lag takes no arguments\n";
    return 2;
  }
  pqxx::connection connection(settings.projector.pg_uri);
  pqxx::nontransaction tx(connection);
  std::map<projector::PartitionKey, std::pair<std::int64_t, double>> stored;
  for (const auto& row : tx.exec("SELECT topic, \"partition\", next_offset, "
                                 "extract(epoch FROM now() - updated_at) FROM projector_offsets")) {
    const auto topic = schema::topic_from_name(row[0].as<std::string>());
    if (topic)
      stored[{*topic, row[1].as<int>()}] = {row[2].as<std::int64_t>(), row[3].as<double>()};
  }
  eventlog::LogReader reader(
      {.brokers = settings.projector.kafka_brokers, .client_id = "linkstreamctl", .extra = {}});
  TextTable table({"topic", "partition", "log end", "projected", "behind", "last written"});
  std::int64_t behind_total = 0;
  for (const auto topic : schema::kAllTopics) {
    const auto partitions = reader.partition_count(topic, kKafkaTimeout);
    for (std::int32_t p = 0; p < partitions; ++p) {
      const auto end = reader.end_offset(topic, p, kKafkaTimeout);
      const auto it = stored.find({topic, p});
      const auto projected = it == stored.end() ? 0 : it->second.first;
      behind_total += std::max<std::int64_t>(0, end - projected);
      table.add({std::string(schema::topic_name(topic)), std::to_string(p), with_thousands(end),
                 with_thousands(projected),
                 with_thousands(std::max<std::int64_t>(0, end - projected)),
                 it == stored.end() ? "never" : ago(it->second.second)});
    }
  }
  table.print(std::cout);
  std::cout << "\nthe projector is " << with_thousands(behind_total) << " event"
            << (behind_total == 1 ? "" : "s") << " behind the log"
            << (behind_total > 0 ? " (if this grows: docs/runbooks/projector-lag-high.md)" : "")
            << std::endl;
  return 0;
}

}  // namespace linkstream::ctl
