// docs/analytics.md's example consumer (docs/analytics/replay_clicks.py, confluent-kafka)
// replays the log from offset 0 into a table of its own, and its numbers for a URL are
// those GET /urls/{id}/stats gives from PostgreSQL: the log is enough to redo the analytics.

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "support/api_fixtures.h"
#include "support/eventually.h"
#include "support/stack_control.h"

namespace linkstream {
namespace {

using testing::HttpClient;
using testing::text_of;

TEST(AnalyticsReplay, TheExampleConsumerReproducesAUrlsStatsFromTheLog) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/analytics");
  // Clicks with and without a referrer, and a click posted as an event (linkstream.events).
  int clicks = 0;
  for (const auto& [referrer, times] : std::initializer_list<std::pair<std::string, int>>{
           {"https://a.example/", 5}, {"https://b.example/", 3}, {"", 2}}) {
    for (int i = 0; i < times; ++i, ++clicks) {
      std::map<std::string, std::string> headers;
      if (!referrer.empty()) headers["Referer"] = referrer;
      ASSERT_EQ(http.request("GET", "/" + url.short_code, "", headers).status, 302);
    }
  }
  ASSERT_EQ(http.post("/events",
                      R"({"url_id":)" + std::to_string(url.id) + R"(,"user_id":)" +
                          std::to_string(user.id) +
                          R"(,"event_type":"click","details":{"referrer":"https://c.example/"}})")
                .status,
            201);
  ++clicks;

  const auto stats_path = "/urls/" + std::to_string(url.id) + "/stats";
  rapidjson::Document api;
  ASSERT_TRUE(testing::eventually(
      [&] {
        api = http.get(stats_path).json();
        return api.IsObject() && api["total_clicks"].GetInt64() == clicks;
      },
      std::chrono::seconds(60)))
      << "the projector did not count " << clicks << " clicks";

  const auto db =
      ::testing::TempDir() + "/analytics-replay-" + std::to_string(::getpid()) + ".sqlite";
  std::filesystem::remove(db);
  const auto replayed = testing::run_command(
      "'" + testing::required_env("LINKSTREAM_TEST_PYTHON") +
      "' '" LINKSTREAM_SOURCE_DIR "/docs/analytics/replay_clicks.py' --brokers '" +
      testing::kafka_brokers() + "' --db '" + db + "' --url-id " + std::to_string(url.id));
  ASSERT_EQ(replayed.exit_code, 0) << replayed.output;
  rapidjson::Document replay;
  replay.Parse(replayed.output.c_str());
  ASSERT_TRUE(replay.IsObject()) << replayed.output;
  for (const char* field : {"total_clicks", "unique_visitors", "clicks_by_day", "top_referrers"})
    EXPECT_EQ(text_of(replay[field]), text_of(api[field])) << field;
  EXPECT_EQ(replay["total_clicks"].GetInt64(), clicks);
  EXPECT_EQ(text_of(replay["top_referrers"]).find("https://a.example/"), 14u)
      << "the most frequent referrer first: " << text_of(replay["top_referrers"]);

  // A second run over the same log adds nothing: the table keeps each click once.
  const auto again = testing::run_command(
      "'" + testing::required_env("LINKSTREAM_TEST_PYTHON") +
      "' '" LINKSTREAM_SOURCE_DIR "/docs/analytics/replay_clicks.py' --brokers '" +
      testing::kafka_brokers() + "' --db '" + db + "' --url-id " + std::to_string(url.id));
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.output, replayed.output);
  std::filesystem::remove(db);
}

}  // namespace
}  // namespace linkstream
