#pragma once
// Reads partitions of the log from given offsets up to where they ended when the scan
// began (events appended meanwhile are left for the next scan).

#include <functional>
#include <map>
#include <vector>

#include "linkstream/eventlog/log_reader.h"

namespace linkstream::ctl {

using PartitionEnds = std::map<std::pair<schema::Topic, std::int32_t>, std::int64_t>;

// Calls `each` for every message, in offset order within each partition, and returns
// where each partition ended (the offset after the last message read). Throws
// std::runtime_error when Kafka gives nothing for 30 s while messages are still due.
PartitionEnds scan_to_end(eventlog::LogReader& reader,
                          const std::vector<eventlog::StartPosition>& from,
                          const std::function<void(const eventlog::LogMessage&)>& each);

// Every partition of `topics`, from offset 0.
std::vector<eventlog::StartPosition> from_the_beginning(eventlog::LogReader& reader,
                                                        const std::vector<schema::Topic>& topics);

}  // namespace linkstream::ctl
