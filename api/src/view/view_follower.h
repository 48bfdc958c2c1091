#pragma once
// Keeps a View current: reads the entity topics (users, urls) from offset 0 on its own
// thread and folds every event into the view. Undecodable events are skipped and logged
// (the projector dead-letters them); they never stop the follower.

#include <atomic>
#include <string>
#include <thread>

#include "view/view.h"

namespace linkstream::api {

class ViewFollower {
 public:
  ViewFollower(View& view, std::string brokers, std::string client_id);
  // Stops and joins the thread.
  ~ViewFollower();

  void start();

  ViewFollower(const ViewFollower&) = delete;
  ViewFollower& operator=(const ViewFollower&) = delete;

 private:
  void run();

  View& view_;
  std::string brokers_;
  std::string client_id_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace linkstream::api
