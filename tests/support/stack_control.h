#pragma once
// Driving the test stack as an operator would: its supervisord (stop, start, the pid of a
// program) and deploy/stack's commands. For tests that stop or kill parts of the stack.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "support/stack_under_test.h"

namespace linkstream::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout
};

// Runs `command` through the shell and collects its stdout (stderr goes to the test log).
inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) result.output += buffer.data();
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// `supervisorctl ACTION PROGRAM` against the test stack; returns its exit code.
inline int supervisorctl(const std::string& action, const std::string& program) {
  const auto conf = required_env("LINKSTREAM_TEST_STATE_DIR") + "/supervisord.conf";
  return std::system(
      ("supervisorctl -c '" + conf + "' " + action + " " + program + " >/dev/null").c_str());
}

// The pid of a running program of the test stack; nullopt when it is not running.
inline std::optional<long> program_pid(const std::string& program) {
  const auto conf = required_env("LINKSTREAM_TEST_STATE_DIR") + "/supervisord.conf";
  const auto result = run_command("supervisorctl -c '" + conf + "' pid " + program);
  try {
    const long pid = std::stol(result.output);
    return pid > 0 ? std::optional<long>(pid) : std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// `deploy/stack ARGS` for the test profile (rebuild, verify, replay ...).
inline CommandResult deploy_stack(const std::string& arguments) {
  return run_command("LINKSTREAM_PROFILE=test '" LINKSTREAM_SOURCE_DIR "/deploy/stack' " +
                     arguments);
}

// Whether this process may mount a tmpfs (root, and allowed to mount: a container's root
// often is not), as deploy/chaos and deploy/drill do to give the spool a small disk. Tried
// on a scratch folder; nothing stays mounted.
inline bool can_mount_tmpfs() {
  return run_command(
             "d=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs \"$d\" 2>/dev/null && "
             "umount \"$d\" && rmdir \"$d\"")
             .exit_code == 0;
}

}  // namespace linkstream::testing
