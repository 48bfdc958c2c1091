// GET /events/stream as a client that must not miss a click uses it: it follows the clicks
// of one URL, keeps the position of the last event it handled, and asks again from there,
// through an api killed mid-stream and through a Kafka outage. Every click arrives exactly
// once: none lost, none repeated.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "support/api_fixtures.h"
#include "support/api_replica.h"
#include "support/eventually.h"
#include "support/stack_control.h"

namespace linkstream {
namespace {

using testing::ApiReplica;
using testing::HttpClient;

constexpr int kStreamPort = 18197;

// A client that follows the clicks of one URL from the beginning of the log, in a thread
// of its own, against whatever answers at `base_url` (which may be down for a while).
class ClickFollower {
 public:
  ClickFollower(std::string base_url, std::int64_t url_id)
      : base_url_(std::move(base_url)), url_id_(url_id), thread_([this] { run(); }) {}
  ~ClickFollower() {
    stopping_ = true;
    thread_.join();
  }

  std::size_t received() const {
    std::lock_guard lock(mutex_);
    return ids_.size();
  }
  // Every event id received, in order (a repeat would show twice).
  std::vector<std::string> ids() const {
    std::lock_guard lock(mutex_);
    return ids_;
  }
  std::string position() const {
    std::lock_guard lock(mutex_);
    return position_;
  }
  int failed_asks() const { return failed_asks_; }
  int answered_asks() const { return answered_asks_; }
  std::string problems() const {
    std::lock_guard lock(mutex_);
    return problems_;
  }

 private:
  void run() {
    std::optional<HttpClient> http;
    while (!stopping_) {
      try {
        if (!http) http.emplace(base_url_);
        const auto answer =
            http->get("/events/stream?type=ClickRecorded&url_id=" + std::to_string(url_id_) +
                      "&wait=1&limit=50&after=" + position());
        if (answer.status != 200) {
          ++failed_asks_;  // 503 while Kafka is away: the position stays
          // A client's back-off before it asks again, not a wait for a result (the test
          // waits on its counts with deadlines).
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          continue;
        }
        take(answer);
        ++answered_asks_;
      } catch (const std::exception&) {
        ++failed_asks_;  // the api is down: ask again, from the same position
        http.reset();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the same back-off
      }
    }
  }

  void take(const testing::HttpResponse& answer) {
    std::istringstream lines(answer.body);
    std::string line, last_position;
    std::vector<std::string> ids;
    while (std::getline(lines, line)) {
      rapidjson::Document event;
      event.Parse(line.c_str());
      if (!event.IsObject() || !event.HasMember("position") || !event.HasMember("event")) {
        std::lock_guard lock(mutex_);
        problems_ += "not an event line: " + line + "\n";
        continue;
      }
      ids.emplace_back(event["event"]["id"].GetString());
      last_position = event["position"].GetString();
    }
    std::lock_guard lock(mutex_);
    ids_.insert(ids_.end(), ids.begin(), ids.end());
    // The header is the position after everything read, the events passed over included.
    const auto after_all = answer.header("x-linkstream-position");
    if (!after_all.empty())
      position_ = after_all;
    else if (!last_position.empty())
      position_ = last_position;
  }

  std::string base_url_;
  std::int64_t url_id_;
  mutable std::mutex mutex_;
  std::vector<std::string> ids_;
  std::string position_ = "beginning";
  std::string problems_;
  std::atomic<int> failed_asks_{0};
  std::atomic<int> answered_asks_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// Redirects of `code` through the stack's api; each is a click (spooled before its 302).
int redirect(HttpClient& http, const std::string& code, int times) {
  int answered = 0;
  for (int i = 0; i < times; ++i) answered += http.get("/" + code).status == 302;
  return answered;
}

void expect_every_click_once(const ClickFollower& follower, int clicks) {
  EXPECT_TRUE(testing::eventually([&] { return follower.received() >= std::size_t(clicks); },
                                  std::chrono::seconds(120)))
      << "received " << follower.received() << " of " << clicks << " clicks";
  const auto ids = follower.ids();
  EXPECT_EQ(ids.size(), std::size_t(clicks)) << "a click was lost or given twice";
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size())
      << "a click was given twice";
  EXPECT_EQ(follower.problems(), "");
}

TEST(EventStream, AClientResumingFromItsPositionGetsEveryClickOnceAcrossAnApiKill) {
  HttpClient stack(testing::api_url());
  const auto user = testing::create_user(stack);
  const auto url = testing::create_url(stack, user.id, "https://example.com/streamed");
  auto replica = std::make_unique<ApiReplica>(kStreamPort);
  ASSERT_TRUE(replica->ready());

  ClickFollower follower(replica->url(), url.id);
  int clicks = redirect(stack, url.short_code, 60);
  ASSERT_TRUE(
      testing::eventually([&] { return follower.received() >= 20; }, std::chrono::seconds(60)))
      << "the stream gave no click before the kill";
  replica->kill_now();  // mid-stream: the follower's long poll dies with it
  clicks += redirect(stack, url.short_code, 30);
  replica = std::make_unique<ApiReplica>(kStreamPort);
  ASSERT_TRUE(replica->ready());
  clicks += redirect(stack, url.short_code, 30);
  ASSERT_EQ(clicks, 120);

  expect_every_click_once(follower, clicks);
  EXPECT_GT(follower.failed_asks(), 0) << "the kill did not interrupt the stream";
  // Nothing more after the last position: an ask from it finds no click.
  HttpClient http(replica->url());
  const auto rest = http.get("/events/stream?type=ClickRecorded&url_id=" + std::to_string(url.id) +
                             "&wait=1&after=" + follower.position());
  EXPECT_EQ(rest.status, 200);
  EXPECT_EQ(rest.body, "");
}

TEST(EventStream, AClientResumingFromItsPositionGetsEveryClickOnceAcrossAKafkaOutage) {
  HttpClient stack(testing::api_url());
  const auto user = testing::create_user(stack);
  const auto url = testing::create_url(stack, user.id, "https://example.com/streamed-outage");
  ApiReplica replica(kStreamPort);
  ASSERT_TRUE(replica.ready());

  ClickFollower follower(replica.url(), url.id);
  int clicks = redirect(stack, url.short_code, 40);
  ASSERT_TRUE(
      testing::eventually([&] { return follower.received() >= 40; }, std::chrono::seconds(60)));
  ASSERT_EQ(testing::supervisorctl("stop", "kafka"), 0);
  // Redirects go on (their clicks wait in the spool); the stream has nothing to give.
  clicks += redirect(stack, url.short_code, 40);
  const auto asks_before = follower.failed_asks() + follower.answered_asks();
  EXPECT_TRUE(testing::eventually(
      [&] { return follower.failed_asks() + follower.answered_asks() >= asks_before + 3; },
      std::chrono::seconds(30)))
      << "the stream did not answer while Kafka was away";
  ASSERT_EQ(testing::supervisorctl("start", "kafka"), 0);
  clicks += redirect(stack, url.short_code, 40);
  ASSERT_EQ(clicks, 120);

  expect_every_click_once(follower, clicks);
  std::cout << "asks that failed (503 or no answer), all told: " << follower.failed_asks() << "\n";
}

}  // namespace
}  // namespace linkstream
