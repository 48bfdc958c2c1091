#pragma once
// Writes folded batches on a thread of its own, so that the projector folds the next batch
// while PostgreSQL writes this one. Before, the two took turns: PostgreSQL idle while the
// projector decoded and folded, the projector idle while PostgreSQL wrote (63 % and 31 % of
// a core while draining a backlog, never both at once).
//
// At most one batch waits while one is written, so the fold is at most two batches ahead
// of the tables; batches are written in the order they were pushed, one transaction each.
// Nothing about exactly-once changes: a batch is committed with its offsets or not at all,
// and a session that ends starts again from what PostgreSQL committed.
//
// The first exception of `write` or `idle` stops the thread; push() and finish() rethrow it
// on the caller's thread.

#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "projection.h"

namespace linkstream::projector {

class BatchWriter {
 public:
  using Write = std::function<void(FoldedBatch&)>;
  // Called on the writer's thread when no batch has come for `idle_every`.
  using Idle = std::function<void()>;

  BatchWriter(Write write, Idle idle, std::chrono::milliseconds idle_every);
  // Stops the thread after the batch it is writing; a batch still waiting is dropped (it
  // was not committed, so the next session reads it again).
  ~BatchWriter();
  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;

  // Hands over a batch; waits while another one is waiting already.
  void push(FoldedBatch batch);
  // Rethrows the writer's failure, if it failed: call it when there is no batch to push,
  // or a failed idle check would go unnoticed until the next event comes.
  void rethrow_if_failed();
  // Writes what is waiting, then stops the thread.
  void finish();

 private:
  void run();
  void rethrow_failure();  // holding mutex_
  void stop_thread(bool drop_waiting);

  Write write_;
  Idle idle_;
  std::chrono::milliseconds idle_every_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<FoldedBatch> waiting_;
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: started once everything above is ready
};

}  // namespace linkstream::projector
