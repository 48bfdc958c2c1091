#pragma once
// Where the projector stands in each partition, kept in PostgreSQL (projector_offsets)
// beside the rows: saved in the same transaction as a batch's rows, read at start. Kafka's
// own committed offsets are never used.

#include <cstdint>
#include <map>
#include <pqxx/pqxx>
#include <utility>

#include "linkstream/schema/topics.h"

namespace linkstream::projector {

using PartitionKey = std::pair<schema::Topic, std::int32_t>;
// The offset of the next event to apply, per partition. A partition that is absent has
// never been projected: start at 0.
using Offsets = std::map<PartitionKey, std::int64_t>;

// The offset of `key` in `offsets`: 0 for a partition never projected.
inline std::int64_t offset_of(const Offsets& offsets, const PartitionKey& key) {
  const auto it = offsets.find(key);
  return it == offsets.end() ? 0 : it->second;
}

Offsets load_offsets(pqxx::connection& connection);
Offsets load_offsets(pqxx::transaction_base& tx);

// Writes `offsets` within `tx` (the batch's transaction).
void save_offsets(pqxx::work& tx, const Offsets& offsets);

}  // namespace linkstream::projector
