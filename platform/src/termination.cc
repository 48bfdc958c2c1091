#include "linkstream/platform/termination.h"

#include <csignal>
#include <ctime>

namespace linkstream::platform {

namespace {

sigset_t termination_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void block_termination_signals() {
  const sigset_t set = termination_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A client that hangs up mid-answer must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
}

int wait_for_termination() {
  const sigset_t set = termination_set();
  int signal = 0;
  sigwait(&set, &signal);
  return signal;
}

std::optional<int> poll_termination(std::chrono::milliseconds timeout) {
  const sigset_t set = termination_set();
  timespec wait{static_cast<time_t>(timeout.count() / 1000),
                static_cast<long>((timeout.count() % 1000) * 1'000'000)};
  const int signal = sigtimedwait(&set, nullptr, &wait);
  if (signal > 0) return signal;
  return std::nullopt;
}

}  // namespace linkstream::platform
