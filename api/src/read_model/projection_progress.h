#pragma once
// How far the projector has committed the log into PostgreSQL, and read-your-writes on
// top of it: a listing first waits (bounded, about 2 s) until every event this replica
// appended before the request is in PostgreSQL.
//
// A watcher thread reads projector_offsets: every 20 ms while someone waits, every second
// otherwise. Waiters are answered on that thread. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "linkstream/eventlog/own_writes.h"

namespace linkstream::api {

class ProjectionProgress {
 public:
  using Offsets = eventlog::PartitionEnds;

  // `sources`: everything through which this replica writes to the log (its log writer,
  // its click relay). They must outlive this object.
  ProjectionProgress(std::string pg_uri, std::vector<const eventlog::OwnWrites*> sources);
  // Answers waiters as stale and joins the watcher.
  ~ProjectionProgress();

  void start();

  // Calls `then(true)` once the projector has committed every event this replica appended
  // before the call, or `then(false)` when `budget` runs out first (the projector is behind
  // or down: the caller answers with what PostgreSQL has, marked stale).
  void after_own_writes(std::chrono::milliseconds budget, std::function<void(bool fresh)> then);

  // The offsets PostgreSQL held at the last read; nullopt when that read failed.
  std::optional<Offsets> committed() const;

  ProjectionProgress(const ProjectionProgress&) = delete;
  ProjectionProgress& operator=(const ProjectionProgress&) = delete;

 private:
  struct Waiter {
    std::vector<std::uint64_t> marks;  // each source's last mark when the read came in
    std::optional<Offsets> required;   // known once those appends are settled
    std::chrono::steady_clock::time_point deadline;
    std::function<void(bool)> then;
  };
  void watch();
  bool refresh();  // reads projector_offsets; false when PostgreSQL did not answer
  void answer_waiters();
  bool settled(const std::vector<std::uint64_t>& marks) const;
  Offsets confirmed_ends() const;

  std::string pg_uri_;
  std::vector<const eventlog::OwnWrites*> sources_;
  // Used by start() once, then only by the watcher thread.
  std::unique_ptr<pqxx::connection> connection_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Waiter> waiters_;
  std::optional<Offsets> committed_;
  bool stopping_ = false;
  std::thread watcher_;
};

}  // namespace linkstream::api
