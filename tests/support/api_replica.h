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
  explicit ApiReplica(int port) : url_("http://127.0.0.1:" + std::to_string(port)) {
    const auto state = required_env("LINKSTREAM_TEST_STATE_DIR");
    std::vector<std::string> settings;
    for (char** e = environ; *e; ++e) settings.emplace_back(*e);
    settings.push_back("LINKSTREAM_KAFKA_BROKERS=" + kafka_brokers());
    settings.push_back("LINKSTREAM_PG_URI=" + pg_uri());
    settings.push_back("LINKSTREAM_HTTP_PORT=" + std::to_string(port));
    settings.push_back("LINKSTREAM_STATE_DIR=" + state);
    settings.push_back("LINKSTREAM_ADMIN_TOKEN=" + required_env("LINKSTREAM_TEST_ADMIN_TOKEN"));
    settings.push_back("LINKSTREAM_VISITOR_SALT=" + read_secret(state + "/visitor-salt"));
    std::vector<char*> envp;
    for (auto& s : settings) envp.push_back(s.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    const auto log = state + "/logs/api-replica-" + std::to_string(port) + ".log";
    posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
    std::string binary = LINKSTREAM_API_BINARY;
    char* argv[] = {binary.data(), nullptr};
    const int failed = posix_spawn(&pid_, binary.c_str(), &files, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&files);
    if (failed) {
      ADD_FAILURE() << "cannot start " << binary;
      pid_ = 0;
    }
  }

  ~ApiReplica() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
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
  pid_t pid_ = 0;
};

}  // namespace linkstream::testing
