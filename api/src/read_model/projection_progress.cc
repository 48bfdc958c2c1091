#include "read_model/projection_progress.h"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

namespace linkstream::api {

namespace {

bool covers(const ProjectionProgress::Offsets& committed,
            const ProjectionProgress::Offsets& required) {
  for (const auto& [partition, end] : required) {
    auto it = committed.find(partition);
    if (it == committed.end() || it->second < end) return false;
  }
  return true;
}

}  // namespace

ProjectionProgress::ProjectionProgress(std::string pg_uri,
                                       std::vector<const eventlog::OwnWrites*> sources)
    : pg_uri_(std::move(pg_uri)), sources_(std::move(sources)) {}

ProjectionProgress::~ProjectionProgress() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (watcher_.joinable()) watcher_.join();
  for (auto& waiter : waiters_) waiter.then(false);
}

void ProjectionProgress::start() {
  refresh();  // so that readiness reports PostgreSQL truly from the first request
  watcher_ = std::thread([this] { watch(); });
}

void ProjectionProgress::after_own_writes(std::chrono::milliseconds budget,
                                          std::function<void(bool fresh)> then) {
  {
    std::lock_guard lock(mutex_);
    std::vector<std::uint64_t> marks;
    for (const auto* source : sources_) marks.push_back(source->last_mark());
    waiters_.push_back({std::move(marks), std::nullopt, std::chrono::steady_clock::now() + budget,
                        std::move(then)});
  }
  wake_.notify_one();
}

std::optional<ProjectionProgress::Offsets> ProjectionProgress::committed() const {
  std::lock_guard lock(mutex_);
  return committed_;
}

bool ProjectionProgress::refresh() {
  try {
    if (!connection_ || !connection_->is_open())
      connection_ = std::make_unique<pqxx::connection>(pg_uri_);
    pqxx::read_transaction tx(*connection_);
    Offsets offsets;
    for (const auto& row :
         tx.exec(R"(SELECT topic, "partition", next_offset FROM projector_offsets)")) {
      auto topic = schema::topic_from_name(row[0].as<std::string>());
      if (topic) offsets[{*topic, row[1].as<std::int32_t>()}] = row[2].as<std::int64_t>();
    }
    std::lock_guard lock(mutex_);
    committed_ = std::move(offsets);
    return true;
  } catch (const std::exception& e) {
    connection_.reset();
    spdlog::debug("projection progress: {}", e.what());
    std::lock_guard lock(mutex_);
    committed_.reset();  // unknown while PostgreSQL does not answer
    return false;
  }
}

bool ProjectionProgress::settled(const std::vector<std::uint64_t>& marks) const {
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    if (!sources_[i]->settled_up_to(marks[i])) return false;
  }
  return true;
}

ProjectionProgress::Offsets ProjectionProgress::confirmed_ends() const {
  Offsets merged;
  for (const auto* source : sources_) {
    for (const auto& [partition, end] : source->confirmed_ends())
      merged[partition] = std::max(merged[partition], end);
  }
  return merged;
}

void ProjectionProgress::answer_waiters() {
  std::vector<std::function<void(bool)>> fresh, stale;
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      if (!it->required && settled(it->marks)) it->required = confirmed_ends();
      if (it->required && committed_ && covers(*committed_, *it->required)) {
        fresh.push_back(std::move(it->then));
      } else if (now >= it->deadline) {
        stale.push_back(std::move(it->then));
      } else {
        ++it;
        continue;
      }
      it = waiters_.erase(it);
    }
  }
  for (auto& then : fresh) then(true);
  for (auto& then : stale) then(false);
}

void ProjectionProgress::watch() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (waiters_.empty()) {
        // Idle: refresh once a second (readiness reports lag), or at once for a new waiter.
        wake_.wait_for(lock, std::chrono::seconds(1),
                       [this] { return stopping_ || !waiters_.empty(); });
      } else {
        wake_.wait_for(lock, std::chrono::milliseconds(20), [this] { return stopping_; });
      }
      if (stopping_) return;
    }
    refresh();
    answer_waiters();
  }
}

}  // namespace linkstream::api
