#include "view/view.h"

#include <algorithm>
#include <vector>

namespace linkstream::api {

std::int64_t View::next_user_id() {
  const std::int64_t highest = read([](const schema::State& s) { return s.highest_user_id(); });
  std::lock_guard lock(ids_mutex_);
  last_user_id_handed_out_ = std::max(highest, last_user_id_handed_out_) + 1;
  return last_user_id_handed_out_;
}

std::int64_t View::next_url_id() {
  const std::int64_t highest = read([](const schema::State& s) { return s.highest_url_id(); });
  std::lock_guard lock(ids_mutex_);
  last_url_id_handed_out_ = std::max(highest, last_url_id_handed_out_) + 1;
  return last_url_id_handed_out_;
}

void View::await(const std::string& event_id, std::chrono::steady_clock::time_point deadline,
                 WaitCallback callback) {
  std::lock_guard lock(waits_mutex_);
  waits_[event_id] = Wait{deadline, std::move(callback)};
}

bool View::cancel(const std::string& event_id) {
  std::lock_guard lock(waits_mutex_);
  return waits_.erase(event_id) > 0;
}

void View::apply(const schema::Event& event) {
  schema::Verdict verdict;
  {
    std::unique_lock lock(state_mutex_);
    verdict = schema::fold(state_, event);
  }
  ++events_folded_;
  WaitCallback callback;
  {
    std::lock_guard lock(waits_mutex_);
    auto it = waits_.find(event.id);
    if (it == waits_.end()) return;
    callback = std::move(it->second.callback);
    waits_.erase(it);
  }
  callback(WaitOutcome{WaitOutcome::Kind::kFolded, verdict});
}

void View::restore(schema::State state) {
  std::unique_lock lock(state_mutex_);
  state_ = std::move(state);
}

void View::expire_waits(std::chrono::steady_clock::time_point now) {
  std::vector<WaitCallback> expired;
  {
    std::lock_guard lock(waits_mutex_);
    for (auto it = waits_.begin(); it != waits_.end();) {
      if (it->second.deadline <= now) {
        expired.push_back(std::move(it->second.callback));
        it = waits_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& callback : expired) callback(WaitOutcome{WaitOutcome::Kind::kTimedOut, {}});
}

}  // namespace linkstream::api
