#pragma once
// When a failed delivery is tried again: exponential backoff with jitter. Pure.
//
// After n failed attempts the wait is d = min(max, base * 2^(n-1)), of which half is
// random ("equal jitter"): d/2 + random * d/2. Never shorter than half the backoff, so a
// failing receiver is not hammered; random, so that many deliveries that failed together
// (a receiver's outage) do not all come back in the same instant.

#include <algorithm>
#include <chrono>

namespace linkstream::deliverer {

// `random` in [0, 1).
inline std::chrono::milliseconds retry_delay(int failed_attempts, std::chrono::milliseconds base,
                                             std::chrono::milliseconds max, double random) {
  auto backoff = base;
  for (int i = 1; i < failed_attempts && backoff < max; ++i) backoff *= 2;
  backoff = std::min(backoff, max);
  const auto half = backoff / 2;
  return half + std::chrono::milliseconds(
                    static_cast<std::chrono::milliseconds::rep>(random * half.count()));
}

}  // namespace linkstream::deliverer
