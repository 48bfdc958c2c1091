#include "batch_writer.h"

namespace linkstream::projector {

BatchWriter::BatchWriter(Write write, Idle idle, std::chrono::milliseconds idle_every)
    : write_(std::move(write)),
      idle_(std::move(idle)),
      idle_every_(idle_every),
      thread_([this] { run(); }) {}

BatchWriter::~BatchWriter() {
  stop_thread(/*drop_waiting=*/true);
}

void BatchWriter::stop_thread(bool drop_waiting) {
  {
    std::lock_guard lock(mutex_);
    if (drop_waiting) waiting_.reset();
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BatchWriter::push(FoldedBatch batch) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return !waiting_ || failure_; });
  rethrow_failure();
  waiting_ = std::move(batch);
  lock.unlock();
  changed_.notify_all();
}

void BatchWriter::finish() {
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !waiting_ || failure_; });
  }
  stop_thread(/*drop_waiting=*/false);
  std::lock_guard lock(mutex_);
  rethrow_failure();
}

void BatchWriter::rethrow_if_failed() {
  std::lock_guard lock(mutex_);
  rethrow_failure();
}

void BatchWriter::rethrow_failure() {
  if (failure_) std::rethrow_exception(failure_);
}

void BatchWriter::run() {
  try {
    while (true) {
      std::optional<FoldedBatch> batch;
      {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, idle_every_, [this] { return waiting_ || stopping_; });
        if (waiting_) {
          batch = std::move(waiting_);
          waiting_.reset();
        } else if (stopping_) {
          return;
        }  // else no batch came for idle_every_
      }
      // A free slot: the folding thread may hand over the next batch while this one is
      // written.
      changed_.notify_all();
      if (batch) {
        write_(*batch);
      } else {
        idle_();
      }
    }
  } catch (...) {
    {
      std::lock_guard lock(mutex_);
      failure_ = std::current_exception();
      waiting_.reset();
    }
    changed_.notify_all();
  }
}

}  // namespace linkstream::projector
