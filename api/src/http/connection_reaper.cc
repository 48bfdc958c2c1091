#include "http/connection_reaper.h"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace linkstream::api {

namespace {

std::chrono::milliseconds sweep_interval(const ConnectionLimits& limits) {
  std::chrono::milliseconds shortest = ConnectionTable::kRefusedGrace;
  for (const auto limit : {limits.idle_timeout, limits.header_timeout, limits.body_timeout}) {
    if (limit.count() > 0) shortest = std::min(shortest, limit);
  }
  return std::clamp(shortest / 4, std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
}

const char* reason_of(ConnectionTable::Overdue why) {
  switch (why) {
    case ConnectionTable::Overdue::kIdle:
      return "idle";
    case ConnectionTable::Overdue::kSlowHead:
      return "slow_head";
    case ConnectionTable::Overdue::kSlowBody:
      return "slow_body";
    case ConnectionTable::Overdue::kRefused:
      break;
  }
  return "refused";
}

}  // namespace

ConnectionReaper::ConnectionReaper(std::shared_ptr<ConnectionTable> table,
                                   std::shared_ptr<HttpMetrics> metrics)
    : table_(std::move(table)),
      metrics_(std::move(metrics)),
      interval_(sweep_interval(table_->limits())),
      thread_([this] { run(); }) {}

ConnectionReaper::~ConnectionReaper() {
  stop();
}

void ConnectionReaper::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ConnectionReaper::run() {
  std::unique_lock lock(mutex_);
  while (!stop_requested_.wait_for(lock, interval_, [this] { return stopping_; })) {
    table_->sweep(ConnectionTable::Clock::now(), [this](int fd, ConnectionTable::Overdue why) {
      // ENOTCONN: the client had already gone; its worker closes it as it sees that.
      if (::shutdown(fd, SHUT_RDWR) != 0 && errno != ENOTCONN) {
        spdlog::warn("ending an overdue connection (descriptor {}) failed: {}", fd,
                     std::strerror(errno));
      }
      metrics_->count_connection_ended(reason_of(why));
    });
    metrics_->set_open_connections(table_->open());
  }
}

}  // namespace linkstream::api
