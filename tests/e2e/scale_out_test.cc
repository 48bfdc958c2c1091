// The stack as users scale it: nginx in front of two api replicas (tests/run starts it
// with LINKSTREAM_API_REPLICAS=2 for this label). Requests spread over both replicas, every
// click is counted once, only nginx says who the client is, a replica killed under load
// costs no redirect, and a rolling restart under redirect and write load fails no request.

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "support/api_fixtures.h"
#include "support/eventually.h"
#include "support/stack_control.h"

namespace linkstream {
namespace {

using testing::HttpClient;
using namespace std::chrono_literals;

// LINKSTREAM_TEST_REPLICA_URLS: the replicas behind nginx, comma-separated.
std::vector<std::string> replica_urls() {
  std::vector<std::string> urls;
  std::stringstream list(testing::required_env("LINKSTREAM_TEST_REPLICA_URLS"));
  for (std::string url; std::getline(list, url, ',');) urls.push_back(url);
  return urls;
}

double redirects_served_by(const std::string& replica) {
  HttpClient http(replica);
  const auto metrics = http.get("/metrics").body;
  std::istringstream lines(metrics);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("linkstream_redirects_total ", 0) == 0) return std::stod(line.substr(27));
  }
  return 0;
}

std::optional<std::int64_t> pid_of(const std::string& replica) {
  try {
    HttpClient http(replica);
    const auto ready = http.get("/health/ready");
    if (ready.status != 200) return std::nullopt;
    return ready.json()["pid"].GetInt64();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool every_click_in_postgres(std::int64_t url_id, long redirects) {
  const auto clicks = testing::clicks_in_postgres(url_id);
  return clicks.rows == redirects && clicks.distinct_clicks == redirects;
}

// Redirects, creates and reads through nginx on threads of their own, each request on a
// fresh connection (a reused connection that dies makes libcurl send the request again,
// which for a redirect would be a second click). Every answer that is not the expected one,
// and every request that got no answer, is a failure, with its reason kept.
class MixedLoad {
 public:
  MixedLoad(std::string code, std::int64_t user_id, std::int64_t url_id)
      : code_(std::move(code)), user_id_(user_id), url_id_(url_id) {
    for (int i = 0; i < 3; ++i) threads_.emplace_back([this] { redirect_loop(); });
    threads_.emplace_back([this] { create_loop(); });
    threads_.emplace_back([this] { read_loop(); });
  }
  ~MixedLoad() { stop(); }

  void stop() {
    stopping_ = true;
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  long redirects() const { return redirects_; }
  long creates() const { return creates_; }
  long reads() const { return reads_; }
  long failures() const { return failures_; }
  // Of those, the creates (POST /urls): nginx never sends a write to a second replica.
  long write_failures() const { return write_failures_; }
  std::string first_failures() const {
    std::lock_guard lock(mutex_);
    return reasons_;
  }

 private:
  template <typename Request>
  void loop(const char* kind, int expected, std::atomic<long>& counter, Request request) {
    while (!stopping_) {
      HttpClient http(testing::api_url());
      http.use_fresh_connections();
      try {
        const auto response = request(http);
        if (response.status == expected) {
          ++counter;
        } else {
          fail(kind,
               "HTTP " + std::to_string(response.status) + ": " + response.body.substr(0, 200));
        }
      } catch (const std::exception& e) {
        fail(kind, std::string("no answer: ") + e.what());
      }
    }
  }
  void redirect_loop() {
    loop("redirect", 302, redirects_, [&](HttpClient& http) { return http.get("/" + code_); });
  }
  void create_loop() {
    loop("create", 201, creates_, [&](HttpClient& http) {
      return http.post("/urls",
                       testing::json_body({{"user_id", std::to_string(user_id_)},
                                           {"original_url", "\"https://example.com/r\""}}));
    });
  }
  void read_loop() {
    loop("read", 200, reads_,
         [&](HttpClient& http) { return http.get("/urls/" + std::to_string(url_id_)); });
  }
  void fail(const std::string& kind, const std::string& reason) {
    ++failures_;
    if (kind == "create") ++write_failures_;
    std::lock_guard lock(mutex_);
    if (failures_ <= 5) reasons_ += kind + ": " + reason + "\n";
  }

  std::string code_;
  std::int64_t user_id_, url_id_;
  std::atomic<bool> stopping_{false};
  std::atomic<long> redirects_{0}, creates_{0}, reads_{0}, failures_{0}, write_failures_{0};
  mutable std::mutex mutex_;
  std::string reasons_;
  std::vector<std::thread> threads_;
};

class ScaleOutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(replica_urls().size(), 2u) << "the scale-out tests need two replicas";
    HttpClient http(testing::api_url());
    user_ = testing::create_user(http);
    url_ = testing::create_url(http, user_.id, "https://example.com/scale-out");
  }

  testing::CreatedUser user_;
  testing::CreatedUrl url_;
};

TEST_F(ScaleOutTest, RequestsSpreadOverEveryReplicaAndEveryClickIsCountedOnce) {
  std::vector<double> before;
  for (const auto& replica : replica_urls()) before.push_back(redirects_served_by(replica));
  HttpClient http(testing::api_url());
  constexpr long kRedirects = 2000;
  for (long i = 0; i < kRedirects; ++i) ASSERT_EQ(http.get("/" + url_.short_code).status, 302);

  const auto replicas = replica_urls();
  for (std::size_t i = 0; i < replicas.size(); ++i) {
    EXPECT_GT(redirects_served_by(replicas[i]), before[i] + kRedirects / 10)
        << replicas[i] << " served too few of the redirects";
  }
  EXPECT_TRUE(
      testing::eventually([&] { return every_click_in_postgres(url_.id, kRedirects); }, 60s))
      << testing::clicks_in_postgres(url_.id).rows << " click rows for " << kRedirects
      << " redirects";
}

// A client's write answered by one replica is seen at once by the other: its user for a
// new URL, the URL by id, its code for a redirect. (The other replica looks again, once its
// view has what the log holds, before it answers 404.)
TEST_F(ScaleOutTest, AWriteThroughOneReplicaIsSeenAtOnceThroughTheOther) {
  const auto replicas = replica_urls();
  HttpClient first(replicas[0]), second(replicas[1]);
  for (int i = 0; i < 20; ++i) {
    const auto user = testing::create_user(first);
    const auto url = testing::create_url(second, user.id, "https://example.com/seen-at-once");
    EXPECT_EQ(first.get("/urls/" + std::to_string(url.id)).status, 200);
    EXPECT_EQ(first.get("/" + url.short_code).status, 302);
    const auto other_user = testing::create_user(second);
    EXPECT_EQ(first.get("/users/" + std::to_string(other_user.id)).status, 200);
  }
  // A code nobody made is still a 404, soon.
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(first.get("/no-such-code-" + testing::unique_suffix()).status, 404);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
}

// X-Forwarded-For is what nginx sets, never what the client sent: two clicks that claim
// two addresses from one client are one visitor.
TEST_F(ScaleOutTest, OnlyNginxSaysWhoTheClientIs) {
  HttpClient http(testing::api_url());
  for (const char* claimed : {"203.0.113.1", "203.0.113.2"}) {
    const auto answer = http.request("GET", "/" + url_.short_code, "",
                                     {{"X-Forwarded-For", claimed}, {"User-Agent", "scale-out"}});
    ASSERT_EQ(answer.status, 302);
  }
  ASSERT_TRUE(testing::eventually([&] { return every_click_in_postgres(url_.id, 2); }, 60s));
  EXPECT_EQ(testing::count_rows("SELECT count(DISTINCT visitor_hash) FROM events WHERE url_id = $1 "
                                "AND event_type = 'click'",
                                url_.id),
            1);
}

TEST_F(ScaleOutTest, AReplicaKilledUnderRedirectLoadCostsNoRedirect) {
  const auto replicas = replica_urls();
  const auto victim = pid_of(replicas.back());
  ASSERT_TRUE(victim.has_value());
  long redirects = 0;
  {
    MixedLoad load(url_.short_code, user_.id, url_.id);
    ASSERT_TRUE(testing::eventually([&] { return load.redirects() >= 100; }, 30s));
    ASSERT_EQ(::kill(static_cast<pid_t>(*victim), SIGKILL), 0);
    // Supervision starts it again; the other replica answers meanwhile.
    EXPECT_TRUE(testing::eventually(
        [&] {
          const auto pid = pid_of(replicas.back());
          return pid && *pid != *victim;
        },
        120s));
    // Load goes on a while with both replicas back.
    const auto before_stop = load.redirects();
    EXPECT_TRUE(testing::eventually([&] { return load.redirects() >= before_stop + 100; }, 30s));
    load.stop();
    redirects = load.redirects();
    // A redirect or a read that met the killed replica is retried on the other by nginx: none
    // fails. A write is never sent twice: one nginx had sent to the killed replica fails
    // (502, outcome unknown), whether it was inside the process or on one of the idle
    // keep-alive connections nginx held to it (each such connection fails one request before
    // nginx knows the replica is gone). The creates run one at a time, so a few at most.
    EXPECT_GT(redirects, 0);
    EXPECT_EQ(load.failures() - load.write_failures(), 0) << load.first_failures();
    EXPECT_LE(load.write_failures(), 3) << load.first_failures();
  }
}

TEST_F(ScaleOutTest, ARollingRestartUnderLoadFailsNoRequestAndCountsEveryClickOnce) {
  const auto replicas = replica_urls();
  std::vector<std::int64_t> pids;
  for (const auto& replica : replicas) {
    const auto pid = pid_of(replica);
    ASSERT_TRUE(pid.has_value()) << replica;
    pids.push_back(*pid);
  }
  MixedLoad load(url_.short_code, user_.id, url_.id);
  ASSERT_TRUE(
      testing::eventually([&] { return load.redirects() >= 100 && load.creates() > 0; }, 30s));
  const auto restart = testing::run_command(
      "LINKSTREAM_PROFILE=test LINKSTREAM_API_REPLICAS=" + std::to_string(replicas.size()) +
      " '" LINKSTREAM_SOURCE_DIR "/deploy/stack' rolling-restart 2>&1");
  const auto after_restart = load.redirects();
  EXPECT_TRUE(testing::eventually([&] { return load.redirects() >= after_restart + 100; }, 30s));
  load.stop();

  EXPECT_EQ(restart.exit_code, 0) << restart.output;
  for (std::size_t i = 0; i < replicas.size(); ++i) {
    const auto pid = pid_of(replicas[i]);
    EXPECT_TRUE(pid && *pid != pids[i]) << replicas[i] << " was not restarted";
  }
  EXPECT_GT(load.redirects(), 0);
  EXPECT_GT(load.creates(), 0);
  EXPECT_GT(load.reads(), 0);
  EXPECT_EQ(load.failures(), 0) << load.first_failures();
  EXPECT_TRUE(
      testing::eventually([&] { return every_click_in_postgres(url_.id, load.redirects()); }, 60s))
      << testing::clicks_in_postgres(url_.id).rows << " click rows for " << load.redirects()
      << " redirects";
}

}  // namespace
}  // namespace linkstream
