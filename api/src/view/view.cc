#include "view/view.h"

#include <algorithm>
#include <random>
#include <vector>

namespace linkstream::api {

namespace {

// The first id after `after` in `lane` (any id when lane is -1).
std::int64_t next_in_lane(std::int64_t after, std::int64_t lane) {
  const std::int64_t id = after + 1;
  if (lane < 0) return id;
  return id + (lane - id % View::kIdLanes + View::kIdLanes) % View::kIdLanes;
}

}  // namespace

std::int64_t View::next_user_id() {
  const std::int64_t highest = read([](const schema::State& s) { return s.highest_user_id(); });
  std::lock_guard lock(ids_mutex_);
  last_user_id_handed_out_ =
      next_in_lane(std::max(highest, last_user_id_handed_out_), current_lane());
  return last_user_id_handed_out_;
}

std::int64_t View::next_url_id() {
  const std::int64_t highest = read([](const schema::State& s) { return s.highest_url_id(); });
  std::lock_guard lock(ids_mutex_);
  last_url_id_handed_out_ =
      next_in_lane(std::max(highest, last_url_id_handed_out_), current_lane());
  return last_url_id_handed_out_;
}

std::int64_t View::current_lane() {
  if (id_lane_ >= 0 && ++ids_since_race_ > kIdsBeforeLeavingLane) id_lane_ = -1;
  return id_lane_;
}

void View::report_id_race() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::lock_guard lock(ids_mutex_);
  std::int64_t lane;
  do {
    lane = static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(kIdLanes));
  } while (lane == id_lane_);
  id_lane_ = lane;
  ids_since_race_ = 0;
}

View::WaitToken View::await(const std::string& event_id,
                            std::chrono::steady_clock::time_point deadline, WaitCallback callback) {
  std::lock_guard lock(waits_mutex_);
  const auto token = ++next_wait_token_;
  waits_.emplace(event_id, Wait{token, deadline, std::move(callback)});
  return token;
}

bool View::cancel(const std::string& event_id, WaitToken token) {
  std::lock_guard lock(waits_mutex_);
  auto [begin, end] = waits_.equal_range(event_id);
  for (auto it = begin; it != end; ++it) {
    if (it->second.token == token) {
      waits_.erase(it);
      return true;
    }
  }
  return false;
}

namespace {

bool reached(const LogPosition& folded, const LogPosition& position) {
  for (const auto& [partition, next] : position) {
    const auto it = folded.find(partition);
    if ((it == folded.end() ? 0 : it->second) < next) return false;
  }
  return true;
}

}  // namespace

void View::await_position(LogPosition position, std::chrono::steady_clock::time_point deadline,
                          PositionCallback callback) {
  {
    std::lock_guard lock(waits_mutex_);
    if (!reached(folded_, position)) {
      position_waits_.push_back({std::move(position), deadline, std::move(callback)});
      return;
    }
  }
  callback(true);
}

void View::set_folded(const LogPosition& folded) {
  std::vector<PositionCallback> done;
  {
    std::lock_guard lock(waits_mutex_);
    folded_ = folded;
    std::erase_if(position_waits_, [&](PositionWait& wait) {
      if (!reached(folded_, wait.position)) return false;
      done.push_back(std::move(wait.callback));
      return true;
    });
  }
  for (auto& callback : done) callback(true);
}

void View::apply(const schema::Event& event) {
  schema::Verdict verdict;
  {
    std::unique_lock lock(state_mutex_);
    verdict = schema::fold(state_, event);
  }
  ++events_folded_;
  std::vector<WaitCallback> callbacks;
  {
    std::lock_guard lock(waits_mutex_);
    auto [begin, end] = waits_.equal_range(event.id);
    if (begin == end) return;
    for (auto it = begin; it != end; ++it) callbacks.push_back(std::move(it->second.callback));
    waits_.erase(begin, end);
  }
  for (auto& callback : callbacks) callback(WaitOutcome{WaitOutcome::Kind::kFolded, verdict});
}

void View::restore(schema::State state) {
  std::unique_lock lock(state_mutex_);
  state_ = std::move(state);
}

void View::expire_waits(std::chrono::steady_clock::time_point now) {
  std::vector<WaitCallback> expired;
  std::vector<PositionCallback> late;
  {
    std::lock_guard lock(waits_mutex_);
    std::erase_if(position_waits_, [&](PositionWait& wait) {
      if (wait.deadline > now) return false;
      late.push_back(std::move(wait.callback));
      return true;
    });
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
  for (auto& callback : late) callback(false);
}

}  // namespace linkstream::api
