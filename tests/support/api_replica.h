#pragma once
// A second linkstream-api process beside the test stack's own: same Kafka, PostgreSQL,
// secrets and state folder (its spool is its own, named after its port). For tests of
// what two replicas agree on. Stopped (SIGTERM, then waited for) when destroyed.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/api_fixtures.h"
#include "support/eventually.h"

extern char** environ;

namespace linkstream::testing {

class ApiReplica {
 public:
  // `binary`: the api to run (the build's own by default); `settings`: NAME=value pairs
  // of its environment that win over everything else (a setting under test).
  explicit ApiReplica(int port, std::string binary = LINKSTREAM_API_BINARY,
                      const std::vector<std::string>& settings_first = {})
      : url_("http://127.0.0.1:" + std::to_string(port)),
        log_(required_env("LINKSTREAM_TEST_STATE_DIR") + "/logs/api-replica-" +
             std::to_string(port) + ".log") {
    const auto state = required_env("LINKSTREAM_TEST_STATE_DIR");
    // getenv() takes the first of two entries of one name: these come first.
    std::vector<std::string> settings = settings_first;
    for (char** e = environ; *e; ++e) settings.emplace_back(*e);
    settings.push_back("LINKSTREAM_KAFKA_BROKERS=" + kafka_brokers());
    settings.push_back("LINKSTREAM_PG_URI=" + pg_uri());
    settings.push_back("LINKSTREAM_HTTP_PORT=" + std::to_string(port));
    settings.push_back("LINKSTREAM_STATE_DIR=" + state);
    settings.push_back("LINKSTREAM_ADMIN_TOKEN=" + required_env("LINKSTREAM_TEST_ADMIN_TOKEN"));
    settings.push_back("LINKSTREAM_VISITOR_SALT=" + read_secret(state + "/visitor-salt"));
    // The stack's deliverer signs with its key: a webhook registered here gets its secret.
    settings.push_back("LINKSTREAM_WEBHOOK_KEY=" + read_secret(state + "/webhook-key"));
    settings.push_back("LINKSTREAM_WEBHOOK_ALLOWED_PRIVATE=127.0.0.0/8,::1");
    std::vector<char*> envp;
    for (auto& s : settings) envp.push_back(s.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    // A fresh log for each process, so that log() is this one's.
    posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
    char* argv[] = {binary.data(), nullptr};
    const int failed = posix_spawn(&pid_, binary.c_str(), &files, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&files);
    if (failed) {
      ADD_FAILURE() << "cannot start " << binary;
      pid_ = 0;
    }
  }

  ~ApiReplica() { stop(); }

  // SIGTERM, then waits for the process: its wait status (0 when never started or stopped).
  int stop() {
    if (pid_ <= 0) return 0;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
    return status;
  }

  // SIGKILL, as a crash would end it, then waits for the process.
  void kill_now() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
  }

  // Everything it logged so far (stdout and stderr).
  std::string log() const {
    std::ifstream file(log_);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

  // Waits until the replica answers /health/ready (its view has caught up with the log).
  bool ready(std::chrono::seconds timeout = std::chrono::seconds(60)) const {
    return eventually(
        [&] {
          try {
            HttpClient http(url_);
            return http.get("/health/ready").status == 200;
          } catch (const std::exception&) {
            return false;
          }
        },
        timeout);
  }

  const std::string& url() const { return url_; }

  ApiReplica(const ApiReplica&) = delete;
  ApiReplica& operator=(const ApiReplica&) = delete;

 private:
  static std::string read_secret(const std::string& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

  std::string url_;
  std::string log_;
  pid_t pid_ = 0;
};

}  // namespace linkstream::testing
