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

#include "config.h"

namespace linkstream::projector {

class Projector {
 public:
  explicit Projector(Config config);

  // Runs sessions until stop() is called.
  void run();
  void stop() { stopping_ = true; }

 private:
  void session();

  Config config_;
  std::atomic<bool> stopping_{false};
};

}  // namespace linkstream::projector
