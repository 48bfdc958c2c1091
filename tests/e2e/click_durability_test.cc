// No click is lost: the api is killed under redirect load, Kafka is stopped under redirect
// load, and the clicks in PostgreSQL are counted against the 302s the client received.
// These tests stop parts of the test stack (through its supervisord) and bring them back.

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <random>
#include <thread>

#include "support/api_fixtures.h"
#include "support/eventually.h"
#include "support/redirect_load.h"
#include "support/stack_control.h"

namespace linkstream {
namespace {

using testing::HttpClient;
using testing::RedirectLoad;
using testing::supervisorctl;

TEST(ClickDurability, KillingTheApiUnderLoadLosesNoClickTheClientSaw) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/durable");
  RedirectLoad load(url.short_code);
  std::mt19937 random{std::random_device{}()};
  for (int kill = 0; kill < 5; ++kill) {
    // Kill a process that is serving (1.5 to 3 s into its life, under load), not one
    // still starting: supervision counts a death during start as a failed start.
    const long before = load.redirects();
    const auto serving_since = std::chrono::steady_clock::now();
    const auto kill_after = std::chrono::milliseconds(1500 + random() % 1500);
    ASSERT_TRUE(testing::eventually(
        [&] {
          return load.redirects() >= before + 200 &&
                 std::chrono::steady_clock::now() - serving_since >= kill_after;
        },
        std::chrono::seconds(60)))
        << "the load made no progress";
    const auto pid = testing::ready_pid();
    ASSERT_TRUE(pid);
    ASSERT_EQ(::kill(static_cast<pid_t>(*pid), SIGKILL), 0);
    ASSERT_TRUE(testing::eventually(
        [&] {
          const auto now = testing::ready_pid();
          return now && *now != *pid;
        },
        std::chrono::seconds(60)))
        << "supervision did not bring the api back";
  }
  const long before = load.redirects();
  ASSERT_TRUE(testing::eventually([&] { return load.redirects() >= before + 100; },
                                  std::chrono::seconds(30)));
  load.stop();
  EXPECT_EQ(load.others(), 0) << "every answer the api gave was a redirect";

  // Every 302 the client received has its click, each click once. A request cut by a kill
  // after its click was spooled has a click without a 302: that is the only excess allowed.
  testing::ClickCount count;
  EXPECT_TRUE(testing::eventually(
      [&] {
        count = testing::clicks_in_postgres(url.id);
        return count.rows >= load.redirects();
      },
      std::chrono::seconds(90)))
      << count.rows << " clicks in PostgreSQL for " << load.redirects() << " redirects";
  EXPECT_EQ(count.rows, count.distinct_clicks) << "a click was counted twice";
  EXPECT_LE(count.rows, load.redirects() + load.uncertain());
  std::cout << "redirects " << load.redirects() << ", clicks " << count.rows
            << ", requests cut by a kill " << load.uncertain() << "\n";
}

TEST(ClickDurability, WhileKafkaIsDownRedirectsWorkWritesAre503AndEveryClickArrivesOnceAfter) {
  ASSERT_TRUE(testing::eventually([] { return testing::ready_pid().has_value(); },
                                  std::chrono::seconds(60)));
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/outage");
  RedirectLoad load(url.short_code);
  ASSERT_TRUE(
      testing::eventually([&] { return load.redirects() >= 100; }, std::chrono::seconds(30)));

  ASSERT_EQ(supervisorctl("stop", "kafka"), 0);
  const auto outage_started = std::chrono::steady_clock::now();
  const long at_outage = load.redirects();

  // Writes need the log: 503 with Retry-After, and nothing of them appears later.
  const auto refused_email = "refused-" + testing::unique_suffix() + "@example.com";
  const auto refused =
      http.post("/users", R"({"username":"refused-user","email":")" + refused_email + R"("})");
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_FALSE(refused.header("retry-after").empty());
  EXPECT_TRUE(refused.json().HasMember("error"));
  const auto refused_update =
      http.request("PUT", "/urls/" + std::to_string(url.id), R"({"title":"never"})");
  EXPECT_EQ(refused_update.status, 503);
  EXPECT_EQ(http.request("DELETE", "/users/" + std::to_string(user.id), "").status, 503);

  // The spool grows while Kafka is away.
  EXPECT_TRUE(testing::eventually(
      [&] {
        const auto metrics = http.get("/metrics").body;
        const auto at = metrics.find("\nlinkstream_click_spool_unshipped_bytes ");
        return at != std::string::npos && std::stod(metrics.substr(at + 40)) > 0;
      },
      std::chrono::seconds(30)));
  // 60 s of outage in all, under load.
  ASSERT_TRUE(testing::eventually(
      [&] { return std::chrono::steady_clock::now() - outage_started >= std::chrono::seconds(60); },
      std::chrono::seconds(70)));
  EXPECT_GT(load.redirects(), at_outage + 100) << "redirects must keep working while Kafka is down";

  ASSERT_EQ(supervisorctl("start", "kafka"), 0);
  load.stop();
  EXPECT_EQ(load.others(), 0) << "every answer during the outage was a redirect";
  testing::ClickCount count;
  EXPECT_TRUE(testing::eventually(
      [&] {
        count = testing::clicks_in_postgres(url.id);
        return count.rows == load.redirects();
      },
      std::chrono::seconds(180)))
      << count.rows << " clicks in PostgreSQL for " << load.redirects() << " redirects";
  EXPECT_EQ(count.rows, count.distinct_clicks);

  // Writes work again, and what was refused never shows up.
  EXPECT_TRUE(testing::eventually(
      [&] {
        return http.request("PUT", "/urls/" + std::to_string(url.id), R"({"title":"after"})")
                   .status == 200;
      },
      std::chrono::seconds(60)));
  EXPECT_EQ(http.get("/urls/" + std::to_string(url.id)).json()["title"].GetString(),
            std::string("after"));
  EXPECT_EQ(http.get("/users/" + std::to_string(user.id)).status, 200)
      << "the refused delete never happened";
  EXPECT_EQ(http.get("/users").body.find(refused_email), std::string::npos)
      << "the refused user appeared";
  EXPECT_EQ(testing::count_rows(
                "SELECT count(*) FROM users WHERE email = '" + refused_email + "' AND $1 = $1", 0),
            0);
}

TEST(ClickDurability, WithTheProjectorStoppedUsersUrlsAndRedirectsWorkAndListingsSayTheyAreStale) {
  ASSERT_TRUE(testing::eventually([] { return testing::ready_pid().has_value(); },
                                  std::chrono::seconds(60)));
  HttpClient http(testing::api_url());
  ASSERT_EQ(supervisorctl("stop", "projector"), 0);
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/no-projector");
  EXPECT_EQ(http.get("/users/" + std::to_string(user.id)).status, 200);
  EXPECT_EQ(http.get("/urls/" + std::to_string(url.id)).status, 200);
  const auto users = http.get("/urls?user_id=" + std::to_string(user.id)).json();
  EXPECT_EQ(users.Size(), 1u);
  EXPECT_EQ(http.get("/" + url.short_code).status, 302);
  // Listings come from PostgreSQL, which lacks the new events: in time, and marked stale.
  const auto started = std::chrono::steady_clock::now();
  const auto events = http.get("/events?url_id=" + std::to_string(url.id));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(events.status, 200);
  EXPECT_EQ(events.header("x-linkstream-stale"), "true");

  ASSERT_EQ(supervisorctl("start", "projector"), 0);
  // Back, it catches up: the URL's created event and its click reach PostgreSQL.
  EXPECT_TRUE(testing::eventually(
      [&] {
        return testing::count_rows("SELECT count(*) FROM events WHERE url_id = $1", url.id) == 2;
      },
      std::chrono::seconds(60)));
  const auto fresh = http.get("/events?url_id=" + std::to_string(url.id));
  EXPECT_TRUE(fresh.header("x-linkstream-stale").empty());
}

}  // namespace
}  // namespace linkstream
