#pragma once
// Runs read queries against PostgreSQL on threads of its own, so that no Pistache worker
// ever waits on the network. Each thread holds one connection, opened on first use and
// reopened after a failure. Thread-safe.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

namespace linkstream::api {

class ReadPool {
 public:
  using Job = std::function<void(pqxx::connection&)>;
  using Failure = std::function<void(const std::string& message)>;

  // `uri`: a libpq connection URI. `threads` connections at most; `max_queue` jobs wait at
  // most, beyond which submit() fails at once.
  ReadPool(std::string uri, int threads, std::size_t max_queue);
  // Fails the jobs still queued and joins the threads.
  ~ReadPool();

  // Runs `job` on a pool thread with an open connection. `on_failure` runs instead when
  // the queue is full, the database cannot be reached, or the job throws.
  void submit(Job job, Failure on_failure);

  // Queries that failed: PostgreSQL unreachable, a query error, or a full queue.
  std::uint64_t failures() const { return failures_; }

  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

 private:
  struct Task {
    Job job;
    Failure on_failure;
  };
  void work();
  std::atomic<std::uint64_t> failures_{0};
  void run_on_live_connection(std::unique_ptr<pqxx::connection>& connection, const Job& job);

  std::string uri_;
  std::size_t max_queue_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Task> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace linkstream::api
