// A write whose outcome is unknown: the broker was sent the event and did not confirm it in
// time (here it is stopped with SIGSTOP, as a broker in a long pause or behind a partition),
// so the api answers 503 saying the write may still take effect; the broker then writes it.
// The client's retry with the same Idempotency-Key returns the user its first request
// created: not a second user, not a 409 against its own write.

#include <gtest/gtest.h>
#include <signal.h>

#include <cstdlib>
#include <map>
#include <sstream>
#include <string>

#include "support/api_fixtures.h"
#include "support/api_replica.h"
#include "support/eventually.h"
#include "support/stack_control.h"

namespace linkstream {
namespace {

using testing::HttpClient;
using testing::unique_suffix;

// A replica that gives up on the log after 2 s (the stack's own waits 10 s).
class ImpatientReplica : public testing::ApiReplica {
 public:
  ImpatientReplica() : ApiReplica(port_with_short_timeout()) {
    ::unsetenv("LINKSTREAM_WRITE_TIMEOUT_MS");
  }

 private:
  // Set before the base class copies the environment for the process it starts.
  static int port_with_short_timeout() {
    ::setenv("LINKSTREAM_WRITE_TIMEOUT_MS", "2000", 1);
    return 18095;
  }
};

// linkstream_log_appends_total{result="unknown",stream="entities"} of a replica.
double unknown_appends(const std::string& replica) {
  HttpClient http(replica);
  const std::string series = R"(linkstream_log_appends_total{result="unknown",stream="entities"} )";
  std::istringstream lines(http.get("/metrics").body);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(series, 0) == 0) return std::stod(line.substr(series.size()));
  }
  return -1;
}

// SIGCONT on the way out, whatever the test did.
struct Stopped {
  explicit Stopped(long process) : pid(static_cast<pid_t>(process)) {
    stopped = ::kill(pid, SIGSTOP) == 0;
  }
  ~Stopped() { resume(); }
  void resume() {
    if (stopped) ::kill(pid, SIGCONT);
    stopped = false;
  }
  pid_t pid;
  bool stopped = false;
};

TEST(UnknownOutcome, AWriteTheBrokerTookAfterItsTimeoutIsReturnedByTheKeyedRetry) {
  ImpatientReplica replica;
  ASSERT_TRUE(replica.ready());
  HttpClient http(replica.url());
  // A first write, so that the producer's connection to the broker is up: the event of the
  // next one is sent (and sits unread in the stopped broker's socket), not just queued.
  testing::create_user(http);

  const auto name = "unknown-" + unique_suffix();
  const auto body = R"({"username":")" + name + R"(","email":")" + name + R"(@example.com"})";
  const std::map<std::string, std::string> headers = {{"Content-Type", "application/json"},
                                                      {"Idempotency-Key", "k-" + name}};
  const auto kafka = testing::program_pid("kafka");
  ASSERT_TRUE(kafka);
  Stopped broker(*kafka);
  ASSERT_TRUE(broker.stopped);
  const auto first = http.request("POST", "/users", body, headers);
  EXPECT_EQ(first.status, 503) << first.body;
  EXPECT_NE(first.body.find("may still take effect"), std::string::npos) << first.body;
  EXPECT_NE(first.body.find("Idempotency-Key"), std::string::npos) << first.body;
  // librdkafka gives the request up too, and reports the event as possibly persisted: an
  // unknown outcome, not a failure (the wait for the fold is not cancelled).
  ASSERT_TRUE(testing::eventually([&] { return unknown_appends(replica.url()) >= 1; },
                                  std::chrono::seconds(40)))
      << "the delivery was not reported as possibly persisted";
  broker.resume();

  // The broker wrote what it had been sent: the e-mail is taken, by the first request.
  ASSERT_TRUE(testing::eventually([&] { return http.post("/users", body).status == 409; },
                                  std::chrono::seconds(60)))
      << "the first request's user never appeared";
  // The client's retry learns what its first request did.
  const auto retry = http.request("POST", "/users", body, headers);
  ASSERT_EQ(retry.status, 201) << retry.body;
  EXPECT_STREQ(retry.json()["username"].GetString(), name.c_str());
  const auto id = retry.json()["id"].GetInt64();
  EXPECT_EQ(http.get("/users/" + std::to_string(id)).status, 200);
  const auto again = http.request("POST", "/users", body, headers);
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json()["id"].GetInt64(), id) << "every retry answers the same user";
}

}  // namespace
}  // namespace linkstream
