#include "view/forked_snapshot.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>

namespace linkstream::api {

namespace {

void close_from(unsigned first, unsigned last) {
  if (first <= last) ::close_range(first, last, 0);
}

// Runs in the child: nothing here may lock, log or return.
[[noreturn]] void write_in_child(int report_fd, pid_t parent, const schema::State& state,
                                 const schema::SnapshotOffsets& next, const SnapshotStore& store,
                                 std::size_t bytes_per_second) {
  // Die with the parent: a snapshot written after the replica was restarted would race
  // the new process for the same file.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(1);
  // Only spare CPU: on a busy machine a snapshot written a little later costs nothing,
  // while a core taken from the replica delays every answer (measured: at 5,000 creates/s
  // on two cores, a child at normal priority raised the p99 of POST /urls to 500 ms
  // while it ran).
  const sched_param idle{.sched_priority = 0};
  ::sched_setscheduler(0, SCHED_IDLE, &idle);
  const auto fd = static_cast<unsigned>(report_fd);
  close_from(3, fd - 1);
  close_from(fd + 1, ~0U);

  std::string error;
  try {
    store.save(schema::encode_snapshot(state, next), bytes_per_second);
    ::_exit(0);
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unknown error";
  }
  // Best effort: the exit status says it failed even if the parent cannot read why.
  [[maybe_unused]] const auto n = ::write(report_fd, error.data(), error.size());
  ::_exit(1);
}

std::string read_all(int fd) {
  std::string text;
  char buffer[512];
  for (;;) {
    const auto n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

}  // namespace

ForkedSnapshot::~ForkedSnapshot() {
  abandon();
}

std::optional<std::string> ForkedSnapshot::start(const schema::State& state,
                                                 const schema::SnapshotOffsets& next,
                                                 const SnapshotStore& store,
                                                 std::size_t bytes_per_second) {
  if (running()) return "the previous snapshot is still being written";
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return std::string("cannot make a pipe for the snapshot writer: ") + std::strerror(errno);
  }
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  if (child < 0) {
    const std::string why = std::strerror(errno);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return "cannot fork the snapshot writer: " + why;
  }
  if (child == 0) write_in_child(pipe_fds[1], parent, state, next, store, bytes_per_second);
  ::close(pipe_fds[1]);
  child_ = child;
  report_fd_ = pipe_fds[0];
  started_ = std::chrono::steady_clock::now();
  return std::nullopt;
}

std::optional<ForkedSnapshot::Outcome> ForkedSnapshot::finished() {
  return reap(WNOHANG);
}

void ForkedSnapshot::abandon() {
  if (!running()) return;
  ::kill(child_, SIGKILL);
  reap(0);
}

std::optional<ForkedSnapshot::Outcome> ForkedSnapshot::reap(int options) {
  if (!running()) return std::nullopt;
  int status = 0;
  pid_t reaped;
  do {
    reaped = ::waitpid(child_, &status, options);
  } while (reaped < 0 && errno == EINTR);
  if (reaped == 0) return std::nullopt;  // still writing

  Outcome outcome;
  outcome.took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started_);
  if (reaped < 0) {
    outcome.error = std::string("cannot wait for the snapshot writer: ") + std::strerror(errno);
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    outcome.ok = true;
  } else {
    outcome.error = read_all(report_fd_);
    if (outcome.error.empty()) {
      outcome.error =
          WIFSIGNALED(status)
              ? "the snapshot writer was killed by signal " + std::to_string(WTERMSIG(status))
              : "the snapshot writer exited with status " + std::to_string(WEXITSTATUS(status));
    }
  }
  ::close(report_fd_);
  report_fd_ = -1;
  child_ = -1;
  return outcome;
}

}  // namespace linkstream::api
