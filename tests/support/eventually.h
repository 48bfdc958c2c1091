#pragma once
// Waiting on a condition with a deadline, never a fixed sleep.

#include <chrono>
#include <thread>

namespace linkstream::testing {

// Evaluates `condition` until it returns true or `timeout` passes; returns the last result.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(
        std::chrono::milliseconds(50));  // polling interval, not a wait for an outcome
  }
}

}  // namespace linkstream::testing
