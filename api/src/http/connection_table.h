#pragma once
// Which connections the api keeps, so that a few thousand idle or slow ones (slowloris)
// cannot hold the file descriptors every other client needs: at most `max_connections` in
// all and `max_per_address` from one client (an IPv6 client by its /64; trusted proxies
// such as nginx are not capped, they carry many clients), none idle between requests
// past `idle_timeout`, none taking longer than `header_timeout` to send a request's head
// or `body_timeout` to send its body. The time a request spends being served is not
// limited here (its own deadlines are the handlers').
//
// Thread-safe. A connection is known by its descriptor from admit() until forget(), which
// Pistache's worker calls before it closes the descriptor: sweep() acts on each one with
// the table's lock held, so a descriptor it is given is still that connection's.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace linkstream::api {

struct ConnectionLimits {
  std::chrono::milliseconds idle_timeout{60'000};    // 0: none
  std::chrono::milliseconds header_timeout{10'000};  // 0: none
  std::chrono::milliseconds body_timeout{30'000};    // 0: none
  std::size_t max_per_address = 256;                 // 0: no cap
  std::size_t max_connections = 4096;
};

// What one connection is doing, and since when: written by the worker that serves it,
// read by the sweep.
class ConnectionActivity {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Phase : std::uint8_t {
    kIdle,     // waiting for a request (since the connection opened or the last answer)
    kHead,     // a request's head has begun and not ended
    kBody,     // its head is read, its body not yet
    kServing,  // read whole, not answered yet
  };

  explicit ConnectionActivity(Clock::time_point opened = Clock::now())
      : since_(opened.time_since_epoch().count()) {}

  // Moves to `phase` (the time is kept when the phase does not change).
  void enter(Phase phase, Clock::time_point now = Clock::now());
  Phase phase() const { return phase_.load(std::memory_order_relaxed); }
  Clock::time_point since() const {
    return Clock::time_point(Clock::duration(since_.load(std::memory_order_relaxed)));
  }

 private:
  std::atomic<Phase> phase_{Phase::kIdle};
  std::atomic<Clock::rep> since_;
};

class ConnectionTable {
 public:
  using Clock = ConnectionActivity::Clock;
  enum class Admission { kAdmitted, kTooManyFromAddress, kTooMany };
  enum class Overdue { kIdle, kSlowHead, kSlowBody, kRefused };

  explicit ConnectionTable(ConnectionLimits limits);

  // A connection accepted as `fd` from `address`. kTooMany: the caller closes it at once
  // (it is not kept). kTooManyFromAddress: kept, uncounted for its address, so that its
  // first request can be answered 429, and ended by sweep() if it sends none within
  // kRefusedGrace. `capped`: false for a trusted proxy.
  Admission admit(int fd, const std::string& address, bool capped,
                  std::shared_ptr<const ConnectionActivity> activity,
                  Clock::time_point now = Clock::now());
  // The connection closes (before its descriptor does).
  void forget(int fd);

  // Calls `end(fd, why)` for every connection past its limit, with the lock held; each is
  // reported once (it is forgotten when its worker sees it close).
  void sweep(Clock::time_point now, const std::function<void(int fd, Overdue why)>& end);

  std::size_t open() const;
  const ConnectionLimits& limits() const { return limits_; }

  static constexpr std::chrono::seconds kRefusedGrace{2};

 private:
  struct Entry {
    std::string address_key;  // empty: not counted for an address
    std::shared_ptr<const ConnectionActivity> activity;
    Clock::time_point refused_at{};  // set: admitted only to be answered 429
    bool ended = false;
  };

  ConnectionLimits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<int, Entry> connections_;
  std::unordered_map<std::string, std::size_t> per_address_;
};

}  // namespace linkstream::api
