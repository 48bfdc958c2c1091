#pragma once
// Whether the test stack's projector has written everything the log holds.

#include <pqxx/pqxx>

#include "linkstream/eventlog/log_reader.h"
#include "linkstream/schema/topics.h"
#include "support/stack_under_test.h"

namespace linkstream::testing {

// True once the offsets in projector_offsets equal the end offsets of every partition.
inline bool projector_caught_up() {
  eventlog::LogReader reader({.brokers = kafka_brokers(), .client_id = "test", .extra = {}});
  pqxx::connection connection(pg_uri());
  pqxx::read_transaction tx(connection);
  for (auto topic : schema::kAllTopics) {
    const auto partitions = reader.partition_count(topic, std::chrono::seconds(10));
    for (std::int32_t p = 0; p < partitions; ++p) {
      const auto end = reader.end_offset(topic, p, std::chrono::seconds(10));
      const auto stored = tx.exec_params(
          R"(SELECT next_offset FROM projector_offsets WHERE topic = $1 AND "partition" = $2)",
          std::string(schema::topic_name(topic)), p);
      const auto next = stored.empty() ? 0 : stored[0][0].as<std::int64_t>();
      if (next != end) return false;
    }
  }
  return true;
}

}  // namespace linkstream::testing
