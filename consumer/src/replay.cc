#include "replay.h"

#include <charconv>
#include <iostream>
#include <pqxx/pqxx>
#include <thread>

#include "linkstream/eventlog/log_reader.h"
#include "offset_store.h"
#include "projection_lock.h"

namespace linkstream::projector {

namespace {

// Sets the stored offset of each partition of `rewound` within `tx`.
void store_rewound(pqxx::work& tx, const Offsets& rewound) {
  for (const auto& [key, next] : rewound) {
    tx.exec_params(R"(UPDATE projector_offsets SET next_offset = $3, updated_at = now()
                      WHERE topic = $1 AND "partition" = $2)",
                   std::string(schema::topic_name(key.first)), key.second, next);
  }
}

template <typename Number>
bool parse_number(std::string_view text, Number& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && out >= 0;
}

std::string describe(const ReplayStart& start) {
  if (start.offsets.empty()) return schema::format_timestamp(start.since);
  std::string text;
  for (const auto& [partition, offset] : start.offsets) {
    if (!text.empty()) text += ",";
    text += std::to_string(partition) + ":" + std::to_string(offset);
  }
  return "offsets " + text;
}

}  // namespace

std::optional<ReplayStart> parse_replay_start(std::string_view text) {
  if (text == "beginning") return ReplayStart{};
  if (const auto since = schema::parse_timestamp(text)) return ReplayStart{.since = *since};
  ReplayStart start;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto item = text.substr(0, comma);
    const auto colon = item.find(':');
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    if (colon == std::string_view::npos || !parse_number(item.substr(0, colon), partition) ||
        !parse_number(item.substr(colon + 1), offset) || start.offsets.contains(partition)) {
      return std::nullopt;
    }
    start.offsets[partition] = offset;
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty()) return std::nullopt;  // a trailing comma
  }
  if (start.offsets.empty()) return std::nullopt;
  return start;
}

int replay_topic(const Config& config, schema::Topic topic, const ReplayStart& start,
                 std::chrono::seconds timeout) {
  const std::string name(schema::topic_name(topic));
  eventlog::LogReader reader(
      {.brokers = config.kafka_brokers, .client_id = "linkstream-projector-replay", .extra = {}});
  const auto partitions = reader.partition_count(topic, std::chrono::seconds(10));
  if (!start.offsets.empty() && start.offsets.rbegin()->first >= partitions) {
    std::cerr << "replay: " << name << " has " << partitions << " partition(s), numbered from 0; "
              << "there is no partition " << start.offsets.rbegin()->first << std::endl;
    return 2;
  }

  pqxx::connection connection(config.pg_uri);
  Offsets rewound, back_to;
  {
    pqxx::work tx(connection);
    hold_exclusive_lock(tx);
    const auto stored = load_offsets(tx);
    for (std::int32_t p = 0; p < partitions; ++p) {
      const PartitionKey key{topic, p};
      const auto it = stored.find(key);
      if (it == stored.end()) continue;  // never projected: nothing to write again
      std::int64_t from = 0;
      if (start.offsets.empty()) {
        from = reader.offset_at(topic, p, start.since, std::chrono::seconds(10));
      } else if (const auto named = start.offsets.find(p); named != start.offsets.end()) {
        from = named->second;
      } else {
        continue;
      }
      if (from >= it->second) continue;  // nothing projected since then
      rewound[key] = from;
      back_to[key] = it->second;
      std::cerr << "replay: " << name << "/" << p << " from offset " << from << " back to "
                << it->second << " (" << it->second - from << " events)" << std::endl;
    }
    store_rewound(tx, rewound);
    tx.commit();
  }
  std::int64_t total = 0;
  for (const auto& [key, next] : back_to) total += next - rewound[key];
  if (total == 0) {
    std::cout << "replay: " << name << " has no projected events since " << describe(start)
              << "; nothing to do" << std::endl;
    return 0;
  }

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::int64_t done = 0;
    const auto stored = load_offsets(connection);
    for (const auto& [key, next] : back_to) {
      const auto it = stored.find(key);
      const auto at = it == stored.end() ? rewound[key] : it->second;
      done += std::min(at, next) - rewound[key];
    }
    std::cerr << "replay: " << done << " of " << total << " events written again" << std::endl;
    if (done >= total) break;
    if (std::chrono::steady_clock::now() > deadline) {
      std::cout << "replay: the projector did not write the events again within " << timeout.count()
                << " s; is linkstream-projector running?" << std::endl;
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  std::cout << "replay: " << name << " replayed from " << describe(start) << ", " << total
            << " events written again" << std::endl;
  return 0;
}

}  // namespace linkstream::projector
