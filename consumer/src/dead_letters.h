#pragma once
// Poison messages: what cannot be read as an event (not JSON, an unknown type, a version
// from the future, too large) goes to linkstream.deadletter with where it came from and
// why, is counted and logged, and never stops the projector.
//
// A dead letter is one JSON object, keyed "<topic>/<partition>/<offset>":
//   {"topic", "partition", "offset", "reason", "message", "payload_bytes",
//    "payload" (the original, cut to 64 KiB)}

#include <cstdint>
#include <string>
#include <string_view>

#include "linkstream/eventlog/log_writer.h"

namespace linkstream::projector {

class DeadLetters {
 public:
  explicit DeadLetters(eventlog::LogWriter& writer) : writer_(writer) {}

  // Queues one dead letter.
  void send(schema::Topic topic, std::int32_t partition, std::int64_t offset,
            std::string_view reason, std::string_view message, std::string_view payload);

  // Waits until every queued dead letter is confirmed; throws std::runtime_error when one
  // was not (the batch must then not commit: it is retried from the last commit).
  void confirm_all();

 private:
  eventlog::LogWriter& writer_;
  std::size_t queued_ = 0;
  std::atomic<std::size_t> failed_{0};
};

}  // namespace linkstream::projector
