#include "http/connection_table.h"

#include <optional>

#include "http/client_address.h"

namespace linkstream::api {

void ConnectionActivity::enter(Phase phase, Clock::time_point now) {
  if (phase_.load(std::memory_order_relaxed) == phase) return;
  since_.store(now.time_since_epoch().count(), std::memory_order_relaxed);
  phase_.store(phase, std::memory_order_relaxed);
}

ConnectionTable::ConnectionTable(ConnectionLimits limits) : limits_(limits) {}

ConnectionTable::Admission ConnectionTable::admit(
    int fd, const std::string& address, bool capped,
    std::shared_ptr<const ConnectionActivity> activity, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (connections_.size() >= limits_.max_connections) return Admission::kTooMany;
  Entry entry{{}, std::move(activity)};
  auto admission = Admission::kAdmitted;
  if (capped && limits_.max_per_address > 0) {
    auto key = rate_limit_key(address);
    if (auto& count = per_address_[key]; count >= limits_.max_per_address) {
      entry.refused_at = now;
      admission = Admission::kTooManyFromAddress;
    } else {
      ++count;
      entry.address_key = std::move(key);
    }
  }
  connections_.insert_or_assign(fd, std::move(entry));
  return admission;
}

void ConnectionTable::forget(int fd) {
  std::lock_guard lock(mutex_);
  const auto it = connections_.find(fd);
  if (it == connections_.end()) return;
  if (!it->second.address_key.empty()) {
    const auto count = per_address_.find(it->second.address_key);
    if (count != per_address_.end() && --count->second == 0) per_address_.erase(count);
  }
  connections_.erase(it);
}

void ConnectionTable::sweep(Clock::time_point now,
                            const std::function<void(int fd, Overdue why)>& end) {
  using Phase = ConnectionActivity::Phase;
  const auto past = [&](Clock::time_point since, std::chrono::milliseconds limit) {
    return limit.count() > 0 && now - since > limit;
  };
  std::lock_guard lock(mutex_);
  for (auto& [fd, entry] : connections_) {
    if (entry.ended) continue;
    std::optional<Overdue> why;
    const auto since = entry.activity->since();
    if (entry.refused_at != Clock::time_point{} && now - entry.refused_at > kRefusedGrace) {
      why = Overdue::kRefused;
    } else {
      switch (entry.activity->phase()) {
        case Phase::kIdle:
          if (past(since, limits_.idle_timeout)) why = Overdue::kIdle;
          break;
        case Phase::kHead:
          if (past(since, limits_.header_timeout)) why = Overdue::kSlowHead;
          break;
        case Phase::kBody:
          if (past(since, limits_.body_timeout)) why = Overdue::kSlowBody;
          break;
        case Phase::kServing:
          break;
      }
    }
    if (!why) continue;
    entry.ended = true;
    end(fd, *why);
  }
}

std::size_t ConnectionTable::open() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

}  // namespace linkstream::api
