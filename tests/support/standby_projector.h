#pragma once
// A second linkstream-projector beside the test stack's own (its own metrics port and log),
// for tests of what happens when two are started. Stopped with SIGTERM when destroyed.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/stack_under_test.h"

extern char** environ;

namespace linkstream::testing {

class SecondProjector {
 public:
  SecondProjector() : log_(required_env("LINKSTREAM_TEST_STATE_DIR") + "/logs/projector-2.log") {
    std::vector<std::string> settings;
    for (char** e = environ; *e; ++e) settings.emplace_back(*e);
    settings.push_back("LINKSTREAM_KAFKA_BROKERS=" + kafka_brokers());
    settings.push_back("LINKSTREAM_PG_URI=" + pg_uri());
    settings.push_back("LINKSTREAM_PROJECTOR_METRICS_ADDRESS=127.0.0.1:26465");
    std::vector<char*> envp;
    for (auto& s : settings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::remove(log_.c_str());
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log_.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
    std::string binary = LINKSTREAM_PROJECTOR_BINARY;
    char* argv[] = {binary.data(), nullptr};
    if (posix_spawn(&pid_, binary.c_str(), &files, nullptr, argv, envp.data()) != 0) pid_ = 0;
    posix_spawn_file_actions_destroy(&files);
  }
  ~SecondProjector() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  bool started() const { return pid_ > 0; }
  bool running() const { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }
  // Everything it logged so far.
  std::string log() const {
    std::ifstream file(log_);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

  SecondProjector(const SecondProjector&) = delete;
  SecondProjector& operator=(const SecondProjector&) = delete;

 private:
  std::string log_;
  pid_t pid_ = 0;
};

}  // namespace linkstream::testing
