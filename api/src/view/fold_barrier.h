#pragma once
// Read-your-writes across replicas. A client's write answered by one replica is in the log
// before the answer leaves; another replica may not have folded it yet, and would answer
// its next request (a redirect to the new code, a URL for the new user) with 404. So before
// a replica says "not found", it asks the log where it ends now and waits until its view
// has folded that far, then looks again.
//
// Only misses pay: one round trip per entity partition to the broker, shared by every miss
// that arrived before the question was asked (a flood of unknown codes costs one question
// per round trip, not one each), then the fold of what the log held. Nothing here blocks a
// caller: the answer comes on the barrier's or the follower's thread.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "view/view.h"

namespace linkstream::api {

class FoldBarrier {
 public:
  // How long a miss waits for the view before it is answered as a miss.
  static constexpr std::chrono::milliseconds kMissBudget{1000};

  FoldBarrier(View& view, std::string brokers, std::string client_id);
  // Stops (see stop()).
  ~FoldBarrier();

  // Calls `done` once, never on the caller's thread: with true once the view has folded
  // every entity event the log held at a moment after this call, with false when that did
  // not happen within `budget` or the broker could not say where the log ends.
  void wait_for_log_end(std::chrono::milliseconds budget, PositionCallback done);

  // Answers false to the questions not asked yet and joins the thread. Idempotent.
  void stop();

  FoldBarrier(const FoldBarrier&) = delete;
  FoldBarrier& operator=(const FoldBarrier&) = delete;

 private:
  struct Question {
    std::chrono::steady_clock::time_point deadline;
    PositionCallback done;
  };
  void run();

  View& view_;
  std::string brokers_;
  std::string client_id_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Question> questions_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace linkstream::api
