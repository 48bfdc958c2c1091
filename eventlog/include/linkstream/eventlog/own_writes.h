#pragma once
// Something that puts this process's events into the log, seen from a reader that wants
// its own writes back (read-your-writes): how far it has got, and where in the log that is.

#include <cstdint>
#include <map>
#include <utility>

#include "linkstream/schema/topics.h"

namespace linkstream::eventlog {

// Per partition, the offset after the last event confirmed by Kafka.
using PartitionEnds = std::map<std::pair<schema::Topic, std::int32_t>, std::int64_t>;

class OwnWrites {
 public:
  virtual ~OwnWrites() = default;
  // A mark that grows with every write taken so far.
  virtual std::uint64_t last_mark() const = 0;
  // True once every write up to `mark` is confirmed by Kafka (or failed for good).
  virtual bool settled_up_to(std::uint64_t mark) const = 0;
  // Where the confirmed writes are.
  virtual PartitionEnds confirmed_ends() const = 0;
};

}  // namespace linkstream::eventlog
