#pragma once
// Projects the log into PostgreSQL's read tables, exactly once.
//
// A session connects to PostgreSQL, reads its stored offsets, and reads the topics:
// entity topics from offset 0 (to rebuild the fold's state; events below the stored offset
// are folded but not written again), clicks from the stored offset. Each batch's rows and
// the offsets after it are written in one transaction. Any failure ends the session and a
// new one starts from what PostgreSQL has committed, with fresh state: there is no other
// recovery path to get wrong.

#include <atomic>
#include <stdexcept>

#include "config.h"
#include "dead_letters.h"
#include "linkstream/eventlog/log_reader.h"
#include "offset_store.h"
#include "projector_metrics.h"

namespace linkstream::projector {

// A rebuild's swap or a replay's rewind moved the stored offsets under a session.
// Another projector holds the live lock: this one stands by and tries again.
struct StandingBy : std::runtime_error {
  StandingBy() : std::runtime_error("another projector is projecting") {}
};

struct OffsetsMoved : std::runtime_error {
  OffsetsMoved() : std::runtime_error("the stored offsets moved (a rebuild or a replay)") {}
};

class Projector {
 public:
  // `dead_letter_writer` appends to linkstream.deadletter; both must outlive the projector.
  Projector(Config config, eventlog::LogWriter& dead_letter_writer, ProjectorMetrics& metrics);

  // Runs sessions until stop() is called.
  void run();
  void stop() { stopping_ = true; }

 private:
  void session();
  // Up to max_batch events: what is there, then more until batch_linger has passed since
  // the first one (none when nothing came within poll_wait).
  std::vector<eventlog::LogMessage> gather_batch(eventlog::LogReader& reader) const;

  Config config_;
  DeadLetters dead_letters_;
  ProjectorMetrics& metrics_;
  std::atomic<bool> stopping_{false};
};

// Every partition the projector reads, in a fixed order. Throws eventlog::KafkaSetupError.
std::vector<PartitionKey> all_partitions(eventlog::LogReader& reader);

}  // namespace linkstream::projector
