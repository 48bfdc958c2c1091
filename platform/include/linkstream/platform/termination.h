#pragma once
// Orderly shutdown on SIGTERM and SIGINT. Call block_termination_signals() first thing in
// main(), before any thread starts, so that every thread inherits the block and the
// signal is taken only by wait_for_termination() (Pistache's shutdown does not drain;
// the process must decide when to stop).

#include <chrono>
#include <optional>

namespace linkstream::platform {

void block_termination_signals();

// Blocks until SIGTERM or SIGINT arrives; returns the signal.
int wait_for_termination();

// Waits at most `timeout`; returns the signal, or nullopt when none came.
std::optional<int> poll_termination(std::chrono::milliseconds timeout);

}  // namespace linkstream::platform
