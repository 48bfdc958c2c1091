#include "http/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace linkstream::api {

RateLimiter::RateLimiter(RateLimit limit, std::size_t max_clients)
    : limit_(limit), max_per_shard_(std::max<std::size_t>(1, max_clients / kShards)) {}

double RateLimiter::refilled(const Bucket& bucket, Clock::time_point now) const {
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  return std::min(limit_.burst, bucket.tokens + std::max(0.0, elapsed) * limit_.per_second);
}

int RateLimiter::take(std::string_view client, Clock::time_point now) {
  if (!limit_.enabled()) return 0;
  auto& shard = shards_[std::hash<std::string_view>{}(client) % kShards];
  std::lock_guard lock(shard.mutex);
  std::string key(client);  // Debian's Abseil hashes its own string_view, not std's
  auto it = shard.buckets.find(key);
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= max_per_shard_) {
      absl::erase_if(shard.buckets, [&](const auto& entry) {
        return refilled(entry.second, now) >= limit_.burst;
      });
      if (shard.buckets.size() >= max_per_shard_) {
        untracked_.fetch_add(1, std::memory_order_relaxed);
        return 0;
      }
    }
    it = shard.buckets.emplace(std::move(key), Bucket{limit_.burst, now}).first;
  }
  auto& bucket = it->second;
  bucket.tokens = refilled(bucket, now);
  bucket.updated = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1 - bucket.tokens) / limit_.per_second)));
}

}  // namespace linkstream::api
