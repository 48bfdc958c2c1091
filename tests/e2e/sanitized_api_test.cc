// The api built with AddressSanitizer and UBSan (tests/run builds it beside the main build)
// runs as a replica of the test stack under redirect and write load, and is stopped with
// SIGTERM in the middle of it: the drain, the view's follower, the writer's flush and the
// relay's last shipment all run while requests are answered from other threads. It must
// exit 0 with nothing reported: a use of a freed object, a race on destruction order, or
// undefined behaviour halts it with the sanitizer's report instead.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "support/api_fixtures.h"
#include "support/api_replica.h"
#include "support/eventually.h"

namespace linkstream {
namespace {

using testing::HttpClient;

std::string sanitized_api() {
  const char* path = std::getenv("LINKSTREAM_TEST_SANITIZED_API");
  return path ? path : "";
}

TEST(SanitizedApi, StoppedUnderRedirectAndWriteLoadItExitsZeroWithNothingReported) {
  const auto binary = sanitized_api();
  ASSERT_FALSE(binary.empty()) << "LINKSTREAM_TEST_SANITIZED_API is not set: run tests/run, "
                                  "which builds the sanitized api";
  // Halt at the first report; leaks at exit are not what this test is about (the
  // libraries keep some of their own until the process ends).
  ::setenv("ASAN_OPTIONS", "detect_leaks=0:halt_on_error=1:exitcode=86", 1);
  ::setenv("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:exitcode=87", 1);
  testing::ApiReplica replica(18096, binary);
  ::unsetenv("ASAN_OPTIONS");
  ::unsetenv("UBSAN_OPTIONS");
  ASSERT_TRUE(replica.ready(std::chrono::seconds(120))) << replica.log();

  HttpClient setup(replica.url());
  const auto user = testing::create_user(setup);
  const auto url = testing::create_url(setup, user.id, "https://example.com/sanitized");

  std::atomic<bool> stopping{false};
  std::atomic<long> redirects{0}, creates{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 3; ++i) {
    clients.emplace_back([&] {
      while (!stopping) {
        try {
          HttpClient http(replica.url());
          while (!stopping && http.get("/" + url.short_code).status == 302) ++redirects;
        } catch (const std::exception&) {
        }
      }
    });
  }
  clients.emplace_back([&] {
    const auto body = R"({"user_id":)" + std::to_string(user.id) +
                      R"(,"original_url":"https://example.com/during-stop"})";
    while (!stopping) {
      try {
        HttpClient http(replica.url());
        while (!stopping && http.post("/urls", body).status == 201) ++creates;
      } catch (const std::exception&) {
      }
    }
  });
  ASSERT_TRUE(testing::eventually([&] { return redirects >= 500 && creates >= 20; },
                                  std::chrono::seconds(120)))
      << redirects << " redirects and " << creates << " creates";

  const int status = replica.stop();
  stopping = true;
  for (auto& client : clients) client.join();
  const auto log = replica.log();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "wait status " << status << "; its log ends:\n"
      << log.substr(log.size() > 6000 ? log.size() - 6000 : 0);
  EXPECT_EQ(log.find("ERROR: AddressSanitizer"), std::string::npos) << log;
  EXPECT_EQ(log.find("runtime error:"), std::string::npos) << log;
}

}  // namespace
}  // namespace linkstream
