#include "read_model/read_pool.h"

#include <spdlog/spdlog.h>

#include <memory>

namespace linkstream::api {

ReadPool::ReadPool(std::string uri, int threads, std::size_t max_queue)
    : uri_(std::move(uri)), max_queue_(max_queue) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

ReadPool::~ReadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
  for (auto& task : queue_) task.on_failure("the api is shutting down");
}

void ReadPool::submit(Job job, Failure on_failure) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() < max_queue_ && !stopping_) {
      queue_.push_back({std::move(job), std::move(on_failure)});
      ready_.notify_one();
      return;
    }
  }
  ++failures_;
  on_failure("too many queries are waiting for PostgreSQL");
}

void ReadPool::run_on_live_connection(std::unique_ptr<pqxx::connection>& connection,
                                      const Job& job) {
  if (connection && connection->is_open()) {
    try {
      return job(*connection);
    } catch (const pqxx::broken_connection&) {
      // A connection opened before PostgreSQL restarted breaks on first use: reads are
      // safe to repeat, so try once more on a new connection before failing the request.
      connection.reset();
    }
  }
  connection = std::make_unique<pqxx::connection>(uri_);
  job(*connection);
}

void ReadPool::work() {
  std::unique_ptr<pqxx::connection> connection;
  for (;;) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      run_on_live_connection(connection, task.job);
    } catch (const pqxx::broken_connection& e) {
      connection.reset();
      spdlog::warn("PostgreSQL is unreachable: {}", e.what());
      ++failures_;
      task.on_failure("PostgreSQL is unreachable");
    } catch (const std::exception& e) {
      spdlog::error("read query failed: {}", e.what());
      ++failures_;
      task.on_failure("the query failed");
    }
  }
}

}  // namespace linkstream::api
