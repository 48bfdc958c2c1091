#pragma once
// A State written to bytes and read back, with the log positions it covers: an api replica
// starts from its last snapshot instead of folding the entity topics from offset 0, and
// can serve redirects from it while Kafka is unreachable.
//
// The bytes are a versioned binary format with a checksum: decode_snapshot() refuses a
// file that is truncated, corrupt or of another version (the caller folds from offset 0
// instead). Everything a State holds is kept or derived again on reading, so folding the
// events after the snapshot gives the same verdicts as folding from offset 0.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "linkstream/schema/state.h"
#include "linkstream/schema/topics.h"

namespace linkstream::schema {

// The next offset to read in each partition: the snapshot holds every event before it.
using SnapshotOffsets = std::map<std::pair<Topic, std::int32_t>, std::int64_t>;

struct Snapshot {
  State state;
  SnapshotOffsets next_offsets;
};

std::string encode_snapshot(const State& state, const SnapshotOffsets& next_offsets);

// nullopt, with `error` set when given, for bytes that are not a whole snapshot.
std::optional<Snapshot> decode_snapshot(std::string_view bytes, std::string* error = nullptr);

}  // namespace linkstream::schema
