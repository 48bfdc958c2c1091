#pragma once
// Writes a snapshot of the view from a forked child process, as Redis writes its RDB
// files, so that the follower keeps folding while the snapshot is encoded and flushed.
//
// Why: at a million URLs a snapshot is about 125 MB; encoding it takes about 375 ms and
// writing and flushing it about 800 ms on this project's machines. Done on the follower's
// thread, every write waiting for its fold waited that long: it was the one-second tail of
// POST /urls under load (docs/performance.md). fork() gives the child a copy-on-write image
// in which the state stands still at the moment of the fork; the parent goes on.
//
// The child touches nothing but that image, the snapshot file and a pipe to the parent:
// it closes every other descriptor it inherited (the listening socket, the spool's lock,
// Kafka's connections) so that it can never hold them for a restarted replica, takes no
// lock and logs nothing (another thread may have held the logger's mutex at the fork),
// dies with its parent, and leaves with _exit (no destructors of the parent's objects).
//
// Not thread-safe: one owner, the follower's thread.

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "linkstream/schema/snapshot.h"
#include "linkstream/schema/state.h"
#include "view/snapshot_store.h"

namespace linkstream::api {

class ForkedSnapshot {
 public:
  struct Outcome {
    bool ok = false;
    std::string error;  // why the child failed, when !ok
    std::chrono::milliseconds took{0};
  };

  ForkedSnapshot() = default;
  // Kills and reaps a child that is still writing (its half-written file is never renamed
  // over the snapshot).
  ~ForkedSnapshot();
  ForkedSnapshot(const ForkedSnapshot&) = delete;
  ForkedSnapshot& operator=(const ForkedSnapshot&) = delete;

  // Forks a child that saves encode_snapshot(state, next) through `store`, at
  // `bytes_per_second` (see SnapshotStore::save). The caller holds
  // the view's lock, so that no fold is half done in the image. Returns why no child could
  // be started (one is still running, or fork failed); nullopt once one runs.
  std::optional<std::string> start(const schema::State& state, const schema::SnapshotOffsets& next,
                                   const SnapshotStore& store, std::size_t bytes_per_second = 0);

  bool running() const { return child_ > 0; }

  // The child's outcome once it has exited; nullopt while it runs or when none runs.
  // Does not block.
  std::optional<Outcome> finished();

  // Kills a running child and reaps it.
  void abandon();

 private:
  std::optional<Outcome> reap(int options);

  pid_t child_ = -1;
  int report_fd_ = -1;  // read end of the pipe the child writes its error into
  std::chrono::steady_clock::time_point started_;
};

}  // namespace linkstream::api
