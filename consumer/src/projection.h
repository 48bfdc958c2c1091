#pragma once
// The fold of the log into read-table rows, one batch at a time: what the live projector,
// a rebuild and a verification share, so that all three write exactly the same rows.
//
// A Projection holds the fold's state and the offsets its tables have committed. Entity
// topics are read from offset 0 (their state is needed to judge later events); an event
// below the offset committed when the Projection was made is folded but not written again.
//
// A batch is folded (prepare: no database) and then written (write: one transaction), so
// that the live projector can fold one batch while the one before is being written. The
// two halves may run on two threads: prepare() touches only the fold's state, write() and
// committed() only the committed offsets.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "dead_letters.h"
#include "linkstream/eventlog/log_reader.h"
#include "linkstream/schema/state.h"
#include "offset_store.h"
#include "row_writer.h"

namespace linkstream::projector {

// What one batch wrote.
struct BatchOutcome {
  Offsets advanced;  // the next offset of each partition the batch wrote to
  std::size_t written = 0;
  std::size_t voided = 0;
  std::vector<std::string> dead_letter_reasons;

  std::size_t events() const { return written + voided + dead_letter_reasons.size(); }
};

// A batch folded and not written yet.
struct FoldedBatch {
  struct DeadLetter {
    Position at;
    std::string reason;
    std::string message;
    std::string payload;
  };

  RowWriter rows;
  BatchOutcome outcome;
  std::vector<DeadLetter> dead_letters;  // to send to linkstream.deadletter, unless sent before

  // Nothing to write: a replayed stretch of an entity topic.
  bool empty() const { return outcome.advanced.empty(); }
};

class Projection {
 public:
  // `committed`: the offsets the target tables hold. `dead_letters`, when given, receives
  // each poison message not yet recorded; without it (a rebuild) poison messages are only
  // recorded in the tables, as the live projector recorded them before.
  Projection(Offsets committed, DeadLetters* dead_letters);

  // Where each partition must be read from: offset 0 for entity topics, the committed
  // offset for the others.
  std::vector<eventlog::StartPosition> start_positions(
      const std::vector<PartitionKey>& partitions) const;

  // Folds `messages` (in log order within each partition, following the batches folded
  // before) into the rows they make. Touches no database.
  FoldedBatch fold(const std::vector<eventlog::LogMessage>& messages);
  // Writes a folded batch's rows and the offsets after them within `tx`, and waits for its
  // dead letters to be confirmed. The caller commits, then calls committed().
  BatchOutcome write(FoldedBatch& batch, pqxx::work& tx);
  // fold() and write() in one.
  BatchOutcome apply(const std::vector<eventlog::LogMessage>& messages, pqxx::work& tx);
  void committed(const Offsets& advanced);

  const Offsets& offsets() const { return committed_; }

 private:
  schema::State state_;
  const Offsets written_before_;  // what the tables held when this Projection was made
  Offsets committed_;
  DeadLetters* dead_letters_;
};

bool is_entity_topic(schema::Topic topic);

}  // namespace linkstream::projector
