#pragma once
// Keeps a View current: reads the entity topics (users, urls) on its own thread and folds
// every event into the view. Undecodable events are skipped and logged (the projector
// dead-letters them); they never stop the follower.
//
// With a SnapshotStore, the follower starts from the replica's last snapshot and reads
// the topics from the offsets it covers, not from offset 0. When Kafka cannot be reached
// at start, the view serves what the snapshot holds (View::serving_snapshot()) and
// catches up once Kafka answers. A new snapshot is written when the view is caught up, has
// changed, and the last one is `snapshot_interval` old, by a forked child while folding
// goes on (ForkedSnapshot), and once more on a clean stop, on the follower's thread.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <thread>

#include "linkstream/schema/snapshot.h"
#include "view/snapshot_store.h"
#include "view/view.h"

namespace linkstream::api {

struct SnapshotPolicy {
  std::chrono::seconds interval{30};       // 0: only on a clean stop
  std::size_t write_bytes_per_second = 0;  // SnapshotStore::save's pace while serving
};

class ViewFollower {
 public:
  // `snapshots` may be null (no snapshots); it must outlive the follower.
  ViewFollower(View& view, std::string brokers, std::string client_id,
               const SnapshotStore* snapshots, SnapshotPolicy policy);
  // Stops (see stop()).
  ~ViewFollower();

  void start();
  // Stops folding, writes the last snapshot and joins the thread. Idempotent. Once it
  // returns no callback of View::await runs any more (none expires either): call it
  // before anything those callbacks use is destroyed.
  void stop();

  ViewFollower(const ViewFollower&) = delete;
  ViewFollower& operator=(const ViewFollower&) = delete;

 private:
  void run();
  void write_snapshot(const schema::SnapshotOffsets& next);

  View& view_;
  std::string brokers_;
  std::string client_id_;
  const SnapshotStore* snapshots_;
  SnapshotPolicy policy_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace linkstream::api
