// Kafka with three nodes, replication factor 3 and min.insync.replicas=2 (tests/run starts
// its stack that way for this label, last): the leader of the entity topic killed under load
// loses no acknowledged write and no click; with two of three nodes down, writes answer 503
// with Retry-After, redirects keep working and clicks wait in the spool, and once the nodes
// are back every click arrives exactly once.

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <mutex>
#include <regex>
#include <thread>
#include <vector>

#include "support/api_fixtures.h"
#include "support/eventually.h"
#include "support/redirect_load.h"
#include "support/stack_control.h"

namespace linkstream {
namespace {

using testing::HttpClient;
using testing::RedirectLoad;
using testing::supervisorctl;
using namespace std::chrono_literals;

std::string node_program(int node) {
  return node == 1 ? "kafka" : "kafka-" + std::to_string(node);
}

// The node that leads `topic`'s partition 0, from kcat's metadata; 0 when none does.
int leader_of(const std::string& topic) {
  const auto metadata =
      testing::run_command("kcat -L -b '" + testing::kafka_brokers() + "' -t " + topic + " 2>&1");
  std::smatch found;
  static const std::regex kLeader(R"(partition 0, leader (-?\d+))");
  return std::regex_search(metadata.output, found, kLeader) ? std::stoi(found[1]) : 0;
}

// Creates URLs on a thread of its own and keeps the ids the api answered 201 for.
class CreateLoad {
 public:
  explicit CreateLoad(std::int64_t user_id) : user_id_(user_id) {
    thread_ = std::thread([this] {
      while (!stopping_) {
        HttpClient http(testing::api_url());
        http.use_fresh_connections();
        try {
          const auto answer = http.post(
              "/urls", testing::json_body({{"user_id", std::to_string(user_id_)},
                                           {"original_url", "\"https://example.com/acked\""}}));
          std::lock_guard lock(mutex_);
          if (answer.status == 201) {
            acknowledged_.push_back(answer.json()["id"].GetInt64());
          } else {
            ++refused_;
          }
        } catch (const std::exception&) {
          std::lock_guard lock(mutex_);
          ++refused_;
        }
      }
    });
  }
  ~CreateLoad() { stop(); }
  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::vector<std::int64_t> acknowledged() const {
    std::lock_guard lock(mutex_);
    return acknowledged_;
  }
  long refused() const {
    std::lock_guard lock(mutex_);
    return refused_;
  }

 private:
  std::int64_t user_id_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<std::int64_t> acknowledged_;
  long refused_ = 0;
  std::thread thread_;
};

bool all_clicks_projected(std::int64_t url_id, long redirects) {
  const auto clicks = testing::clicks_in_postgres(url_id);
  return clicks.rows == redirects && clicks.distinct_clicks == redirects;
}

TEST(ReplicatedKafka, KillingTheEntityTopicsLeaderUnderLoadLosesNoAcknowledgedWriteOrClick) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/leader-kill");
  const int leader = leader_of("linkstream.urls");
  ASSERT_GE(leader, 1);
  const auto pid = testing::program_pid(node_program(leader));
  ASSERT_TRUE(pid.has_value());

  RedirectLoad redirects(url.short_code, 300);
  CreateLoad creates(user.id);
  ASSERT_TRUE(testing::eventually([&] { return creates.acknowledged().size() >= 20; }, 30s));
  ASSERT_EQ(::kill(static_cast<pid_t>(*pid), SIGKILL), 0);
  // Another node leads once the controllers see the leader gone; writes go on there.
  EXPECT_TRUE(testing::eventually(
      [&] {
        const int now = leader_of("linkstream.urls");
        return now >= 1 && now != leader;
      },
      60s));
  const auto acknowledged_before = creates.acknowledged().size();
  EXPECT_TRUE(testing::eventually(
      [&] { return creates.acknowledged().size() >= acknowledged_before + 20; }, 60s))
      << "writes did not resume on the new leader";
  redirects.stop();
  creates.stop();
  // Supervision starts the killed node again.
  EXPECT_TRUE(
      testing::eventually([&] { return testing::program_pid(node_program(leader)) != pid; }, 60s));

  EXPECT_EQ(redirects.others(), 0);
  for (const auto id : creates.acknowledged()) {
    EXPECT_EQ(http.get("/urls/" + std::to_string(id)).status, 200) << "acknowledged URL " << id;
  }
  // Every acknowledged URL is in PostgreSQL. A write answered 503 during the election may
  // be there too: its outcome was unknown (Idempotency-Key, issue 9 item 4, would tell).
  const auto acknowledged = static_cast<std::int64_t>(creates.acknowledged().size()) + 1;
  std::int64_t stored = 0;
  EXPECT_TRUE(testing::eventually(
      [&] {
        stored = testing::count_rows("SELECT count(*) FROM urls WHERE user_id = $1", user.id);
        return stored >= acknowledged && stored <= acknowledged + creates.refused();
      },
      60s))
      << "PostgreSQL holds " << stored << " URLs for " << acknowledged << " acknowledged and "
      << creates.refused() << " refused";
  // A redirect whose answer broke may or may not have a click; every other is there once.
  const long answered = redirects.redirects();
  EXPECT_TRUE(testing::eventually(
      [&] {
        const auto clicks = testing::clicks_in_postgres(url.id);
        return clicks.rows == clicks.distinct_clicks && clicks.rows >= answered &&
               clicks.rows <= answered + redirects.uncertain();
      },
      60s))
      << testing::clicks_in_postgres(url.id).rows << " clicks for " << answered << " redirects";
  GTEST_LOG_(INFO) << creates.acknowledged().size() << " writes acknowledged, " << creates.refused()
                   << " refused during the election";
}

TEST(ReplicatedKafka, WithTwoOfThreeNodesDownWritesAre503RedirectsWorkAndEveryClickArrivesOnce) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/two-down");

  ASSERT_EQ(supervisorctl("stop", "kafka-2"), 0);
  ASSERT_EQ(supervisorctl("stop", "kafka-3"), 0);
  // One node of three holds no majority: nothing can be acknowledged.
  const auto refused = http.post("/users", R"({"username":"two-down-)" + testing::unique_suffix() +
                                               R"(","email":"two-down-)" +
                                               testing::unique_suffix() + R"(@example.com"})");
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_FALSE(refused.header("retry-after").empty());

  constexpr long kRedirects = 200;
  for (long i = 0; i < kRedirects; ++i) ASSERT_EQ(http.get("/" + url.short_code).status, 302);
  EXPECT_TRUE(testing::eventually(
      [&] {
        const auto metrics = http.get("/metrics").body;
        const auto at = metrics.find("\nlinkstream_click_spool_unshipped_bytes ");
        return at != std::string::npos && std::stod(metrics.substr(at + 40)) > 0;
      },
      30s))
      << "the clicks should wait in the spool";

  ASSERT_EQ(supervisorctl("start", "kafka-2"), 0);
  ASSERT_EQ(supervisorctl("start", "kafka-3"), 0);
  EXPECT_TRUE(testing::eventually([&] { return all_clicks_projected(url.id, kRedirects); }, 180s))
      << testing::clicks_in_postgres(url.id).rows << " clicks for " << kRedirects << " redirects";
  EXPECT_TRUE(testing::eventually(
      [&] {
        return http.post("/users", R"({"username":"back-)" + testing::unique_suffix() +
                                       R"(","email":"back-)" + testing::unique_suffix() +
                                       R"(@example.com"})")
                   .status == 201;
      },
      60s));
}

}  // namespace
}  // namespace linkstream
