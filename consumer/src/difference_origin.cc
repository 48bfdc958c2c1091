#include "difference_origin.h"

#include <algorithm>

namespace linkstream::projector {

namespace {

std::string name_of(std::int64_t topic_number) {
  const auto topic = static_cast<schema::Topic>(topic_number);
  for (const auto known : schema::kAllTopics) {
    if (known == topic) return std::string(schema::topic_name(known));
  }
  return "topic number " + std::to_string(topic_number);
}

std::string rows(std::int64_t count) {
  return std::to_string(count) + (count == 1 ? " row" : " rows");
}

}  // namespace

void DifferenceOrigins::note(schema::Topic topic, std::int32_t partition, std::int64_t first) {
  auto& offsets = replays_[topic].first_offsets;
  const auto [it, inserted] = offsets.emplace(partition, first);
  if (!inserted) it->second = std::min(it->second, first);
}

void DifferenceOrigins::add(pqxx::transaction_base& tx, const std::string& table,
                            const std::string& differing_rows, Side side) {
  const std::string from = " FROM (" + differing_rows + ") AS differing";
  const bool missing = side == Side::kMissing;
  const std::string where = missing ? " missing from the live tables" : " only in the live tables";
  if (!missing) needs_rebuild_ = true;
  if (table == "users" || table == "urls" || table == "url_versions" || table == "webhooks") {
    const auto topic = table == "users"      ? schema::Topic::kUsers
                       : table == "webhooks" ? schema::Topic::kWebhooks
                                             : schema::Topic::kUrls;
    const auto count = tx.exec1("SELECT count(*)" + from)[0].as<std::int64_t>();
    if (count == 0) return;
    descriptions_.push_back(table + ": " + rows(count) + where + ", from " +
                            std::string(schema::topic_name(topic)) +
                            " (a fold of the whole topic: replayed from its beginning)");
    if (missing) note_beginning(topic);
    return;
  }
  if (table == "events") {
    // Positions off the ids (schema::event_row_id); imported events' ids are their own.
    const auto derived = std::to_string(schema::kFirstLogDerivedRowId);
    for (const auto& row :
         tx.exec("SELECT id / " + derived + " AS topic, (id / 10000000000000) % 100 AS part, " +
                 "min((id / 10) % 1000000000000), max((id / 10) % 1000000000000), count(*)" + from +
                 " WHERE id >= " + derived + " GROUP BY 1, 2 ORDER BY 1, 2")) {
      const auto topic_number = row[0].as<std::int64_t>();
      const auto partition = row[1].as<std::int32_t>();
      const auto first = row[2].as<std::int64_t>();
      descriptions_.push_back("events: " + rows(row[4].as<std::int64_t>()) + where + ", from " +
                              name_of(topic_number) + " partition " + std::to_string(partition) +
                              ", offsets " + std::to_string(first) + " to " + row[3].c_str());
      if (missing) note(static_cast<schema::Topic>(topic_number), partition, first);
    }
    const auto imported =
        tx.exec1("SELECT count(*)" + from + " WHERE id < " + derived)[0].as<std::int64_t>();
    if (imported > 0) {
      descriptions_.push_back("events: " + rows(imported) + where +
                              ", imported events from linkstream.events (their ids come from "
                              "their file, not from their offsets: replayed from its beginning)");
      if (missing) note_beginning(schema::Topic::kEvents);
    }
    return;
  }
  if (table == "voided_events" || table == "dead_letters") {
    for (const auto& row : tx.exec("SELECT topic, \"partition\", min(\"offset\"), max(\"offset\"), "
                                   "count(*)" +
                                   from + " GROUP BY 1, 2 ORDER BY 1, 2")) {
      const auto name = row[0].as<std::string>();
      const auto partition = row[1].as<std::int32_t>();
      const auto first = row[2].as<std::int64_t>();
      descriptions_.push_back(table + ": " + rows(row[4].as<std::int64_t>()) + where + ", from " +
                              name + " partition " + std::to_string(partition) + ", offsets " +
                              std::to_string(first) + " to " + row[3].c_str());
      const auto topic = schema::topic_from_name(name);
      if (missing && topic) note(*topic, partition, first);
    }
    return;
  }
  descriptions_.push_back(table + ": rows" + where + " (not traced to the log)");
  needs_rebuild_ = true;
}

std::vector<std::string> DifferenceOrigins::repair_commands() const {
  if (needs_rebuild_) return {"linkstreamctl rebuild"};
  std::vector<std::string> commands;
  for (const auto& [topic, replay] : replays_) {
    std::string start;
    if (replay.from_beginning) {
      start = "beginning";
    } else {
      for (const auto& [partition, offset] : replay.first_offsets) {
        if (!start.empty()) start += ",";
        start += std::to_string(partition) + ":" + std::to_string(offset);
      }
    }
    commands.push_back("linkstreamctl replay " + std::string(schema::topic_name(topic)) + " " +
                       start);
  }
  return commands;
}

}  // namespace linkstream::projector
