#pragma once
// Token buckets per client (http/client_address.h's rate_limit_key): `per_second` tokens
// a second, at most `burst` kept; each request takes one, and one that finds none is
// refused with the seconds until the next (429 + Retry-After).
//
// Thread-safe (buckets in shards, each under its own mutex). Memory is bounded: at most
// `max_clients` buckets; when that many are kept, the full ones (a client quiet long
// enough to have refilled) are forgotten, which changes nothing for them; if every
// bucket is still in use, the new client is let through untracked and counted (a flood
// from that many addresses is beyond what a per-address limit can hold: nginx's limits
// and the network's are the defence there).

#include <absl/container/flat_hash_map.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace linkstream::api {

struct RateLimit {
  double per_second = 0;  // 0: no limit
  double burst = 0;
  bool enabled() const { return per_second > 0; }
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RateLimiter(RateLimit limit, std::size_t max_clients = 100'000);

  // 0 when `client` may go on; otherwise the whole seconds (at least 1) until its bucket
  // holds a token again.
  int take(std::string_view client, Clock::time_point now = Clock::now());

  const RateLimit& limit() const { return limit_; }
  // Clients let through untracked because every bucket was in use.
  std::uint64_t untracked() const { return untracked_.load(std::memory_order_relaxed); }

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };
  struct Shard {
    std::mutex mutex;
    absl::flat_hash_map<std::string, Bucket> buckets;
  };
  static constexpr std::size_t kShards = 16;

  double refilled(const Bucket& bucket, Clock::time_point now) const;

  RateLimit limit_;
  std::size_t max_per_shard_;
  std::array<Shard, kShards> shards_;
  std::atomic<std::uint64_t> untracked_{0};
};

}  // namespace linkstream::api
