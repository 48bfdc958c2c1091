#pragma once
// The api replica's in-memory view of the log: users and URLs as the fold says, kept
// current by a ViewFollower. Redirects and entity reads are answered from here, never
// from PostgreSQL.
//
// Writers wait on their event: await() registers interest in an event id before the event
// is produced, and the callback runs once the view has folded it (with the fold's
// verdict), or once the deadline passes. Thread-safe: reads take a shared lock, the
// follower's folds an exclusive one; callbacks run with no lock held, on the follower's
// thread, and must not block.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "linkstream/schema/events.h"
#include "linkstream/schema/fold.h"
#include "linkstream/schema/snapshot.h"
#include "linkstream/schema/state.h"
#include "linkstream/schema/topics.h"

namespace linkstream::api {

struct WaitOutcome {
  enum class Kind { kFolded, kTimedOut };
  Kind kind = Kind::kFolded;
  schema::Verdict verdict;  // when kFolded
};

using WaitCallback = std::function<void(const WaitOutcome&)>;
// true: the view has folded up to the position asked for; false: not by the deadline.
using PositionCallback = std::function<void(bool reached)>;
// The next offset in each entity partition: every event before it is folded.
using LogPosition = schema::SnapshotOffsets;

class View {
 public:
  // Runs `reader` on the current state under a shared lock and returns its result.
  // `reader` must copy what it needs out; pointers into the state do not outlive it.
  template <typename Reader>
  auto read(Reader&& reader) const {
    std::shared_lock lock(state_mutex_);
    return reader(static_cast<const schema::State&>(state_));
  }

  // Ids for new entities: above anything the view has folded and anything this replica
  // handed out already, so two writes on one replica never race for an id. Replicas
  // creating at once race for the same "highest + 1" (the log's order voids the later
  // one): after a race, report_id_race() moves this replica's ids to a lane of their own
  // (ids congruent to a random residue modulo kIdLanes), so that two busy replicas stop
  // meeting. A lone replica never races, and its ids stay consecutive; one that hands out
  // kIdsBeforeLeavingLane ids without a race goes back to consecutive ids (in a lane, ids
  // are spent 64 times as fast).
  std::int64_t next_user_id();
  std::int64_t next_url_id();
  void report_id_race();
  static constexpr std::int64_t kIdLanes = 64;
  static constexpr std::int64_t kIdsBeforeLeavingLane = 10'000;

  // Calls `callback` once: when the event with `event_id` is folded, or at `deadline`.
  // Several waits may name one event id (attempts of one keyed request share it): each is
  // called, and each has its own token.
  using WaitToken = std::uint64_t;
  WaitToken await(const std::string& event_id, std::chrono::steady_clock::time_point deadline,
                  WaitCallback callback);
  // Forgets a wait whose event will never reach the log (Kafka refused it). Returns false
  // when the callback already ran or is running.
  bool cancel(const std::string& event_id, WaitToken token);

  // Calls `callback` once: with true as soon as the view has folded every event before
  // `position` (at once if it has), with false at `deadline`. See view/fold_barrier.h.
  void await_position(LogPosition position, std::chrono::steady_clock::time_point deadline,
                      PositionCallback callback);

  // --- called by the follower thread ---
  // Where folding stands, after each batch.
  void set_folded(const LogPosition& folded);
  void apply(const schema::Event& event);
  void expire_waits(std::chrono::steady_clock::time_point now);
  void set_caught_up() { caught_up_ = true; }
  // Replaces the whole state (a snapshot read at start, or an empty one to fold again).
  void restore(schema::State state);
  void set_serving_snapshot(bool serving) { serving_snapshot_ = serving; }
  void set_lag(std::int64_t events) { lag_ = events; }

  // True once the view has folded everything that was in the log when the replica started.
  bool caught_up() const { return caught_up_; }
  std::int64_t events_folded() const { return events_folded_; }
  // True while the replica serves from its snapshot because Kafka could not be reached:
  // what the snapshot holds is answered, later events are not known yet.
  bool serving_snapshot() const { return serving_snapshot_; }
  // Entity events in the log that the view has not folded yet (last measured), or -1
  // before the log was first reached.
  std::int64_t lag() const { return lag_; }

 private:
  struct Wait {
    WaitToken token = 0;
    std::chrono::steady_clock::time_point deadline;
    WaitCallback callback;
  };

  mutable std::shared_mutex state_mutex_;
  schema::State state_;

  std::mutex waits_mutex_;
  std::unordered_multimap<std::string, Wait> waits_;
  WaitToken next_wait_token_ = 0;  // under waits_mutex_
  struct PositionWait {
    LogPosition position;
    std::chrono::steady_clock::time_point deadline;
    PositionCallback callback;
  };
  LogPosition folded_;  // under waits_mutex_
  std::vector<PositionWait> position_waits_;

  std::mutex ids_mutex_;
  std::int64_t last_user_id_handed_out_ = 0;
  std::int64_t last_url_id_handed_out_ = 0;
  std::int64_t id_lane_ = -1;  // -1: none (consecutive ids)
  std::int64_t ids_since_race_ = 0;
  // With ids_mutex_ held: the lane for the next id.
  std::int64_t current_lane();

  std::atomic<bool> caught_up_{false};
  std::atomic<std::int64_t> events_folded_{0};
  std::atomic<bool> serving_snapshot_{false};
  std::atomic<std::int64_t> lag_{-1};
};

}  // namespace linkstream::api
