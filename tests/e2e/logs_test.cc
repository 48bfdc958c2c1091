// The api's logs as the on-call person reads them: one JSON object per line with the
// request's fields, a request id that can be given or is made and returned, and GET /logs
// filtering by level, time, request id and text, and following new lines.

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "linkstream/schema/timestamp.h"
#include "support/api_fixtures.h"
#include "support/eventually.h"

namespace linkstream {
namespace {

using testing::HttpClient;
using testing::HttpResponse;

HttpResponse admin_get(HttpClient& http, const std::string& path) {
  return http.request(
      "GET", path, "",
      {{"Authorization", "Bearer " + testing::required_env("LINKSTREAM_TEST_ADMIN_TOKEN")}});
}

TEST(Logs, ARequestIdIsKeptOrMadeAndEveryLineOfTheRequestCarriesIt) {
  HttpClient http(testing::api_url());
  const auto id = "trace-" + testing::unique_suffix();
  const auto given = http.request("GET", "/users/999999999", "", {{"X-Request-Id", id}});
  EXPECT_EQ(given.status, 404);
  EXPECT_EQ(given.header("x-request-id"), id) << "the client's id comes back";
  const auto made = http.get("/health");
  EXPECT_EQ(made.header("x-request-id").size(), 16u) << "an id is made when none is given";
  const auto refused = http.request("GET", "/health", "", {{"X-Request-Id", "bad id {}"}});
  EXPECT_NE(refused.header("x-request-id"), "bad id {}") << "an id with odd characters is replaced";

  const auto logs = admin_get(http, "/logs?request_id=" + id);
  ASSERT_EQ(logs.status, 200) << logs.body;
  const auto lines = logs.json();
  ASSERT_TRUE(lines.IsArray());
  ASSERT_EQ(lines.Size(), 1u) << logs.body;
  const auto& line = lines[0];
  EXPECT_EQ(std::string(line["request_id"].GetString()), id);
  EXPECT_EQ(std::string(line["level"].GetString()), "info");
  EXPECT_EQ(std::string(line["component"].GetString()), "api");
  EXPECT_EQ(std::string(line["method"].GetString()), "GET");
  EXPECT_EQ(std::string(line["route"].GetString()), "/users/{id}") << "the template, not the path";
  EXPECT_EQ(line["status"].GetInt(), 404);
  EXPECT_GE(line["duration_ms"].GetDouble(), 0.0);
  EXPECT_EQ(std::string(line["client"].GetString()), "127.0.0.0") << "the address, anonymised";
  EXPECT_TRUE(line.HasMember("time") && line.HasMember("message"));
}

TEST(Logs, TheApiLogFileHoldsOneJsonObjectPerLine) {
  const auto path = testing::required_env("LINKSTREAM_TEST_STATE_DIR") + "/logs/api.log";
  std::ifstream file(path);
  std::string text;
  int lines = 0, json_lines = 0;
  while (std::getline(file, text)) {
    ++lines;
    rapidjson::Document line;
    line.Parse(text.c_str());
    if (line.IsObject() && line.HasMember("time") && line.HasMember("level") &&
        line.HasMember("message")) {
      ++json_lines;
    } else {
      ADD_FAILURE() << "not a JSON log line: " << text.substr(0, 200);
    }
  }
  EXPECT_GT(lines, 0);
  EXPECT_EQ(json_lines, lines);
}

TEST(Logs, FiltersByLevelTimeAndTextAndRefusesBadOnes) {
  HttpClient http(testing::api_url());
  const auto marker = "marker" + testing::unique_suffix();
  EXPECT_EQ(http.get("/no-such-code-" + marker).status, 404);

  const auto by_text = admin_get(http, "/logs?q=" + marker).json();
  EXPECT_EQ(by_text.Size(), 0u) << "the raw path is not logged, only the route template";
  const auto errors = admin_get(http, "/logs?level=error&limit=1000").json();
  for (const auto& line : errors.GetArray()) {
    const std::string level = line["level"].GetString();
    EXPECT_TRUE(level == "error" || level == "critical") << level;
  }
  const auto future = admin_get(http, "/logs?since=2999-01-01T00%3A00%3A00").json();
  EXPECT_EQ(future.Size(), 0u) << "a percent-encoded time is read";
  const auto past = admin_get(http, "/logs?until=2000-01-01T00:00:00").json();
  EXPECT_EQ(past.Size(), 0u);
  const auto recent =
      admin_get(http,
                "/logs?since=" + schema::format_timestamp(schema::now() - std::chrono::minutes(5)) +
                    "&q=%2Fusers%2F%7Bid%7D")
          .json();
  EXPECT_GE(recent.Size(), 1u) << "an encoded text filter matches";

  EXPECT_EQ(admin_get(http, "/logs?level=loud").status, 400);
  EXPECT_EQ(admin_get(http, "/logs?since=yesterday").status, 400);
  EXPECT_EQ(admin_get(http, "/logs?wait=99").status, 400);
}

TEST(Logs, AFollowerWaitsForTheNextMatchingLineAndContinuesFromItsNumber) {
  HttpClient http(testing::api_url());
  const auto first = admin_get(http, "/logs?limit=1");
  const auto seq = first.header("x-log-seq");
  ASSERT_FALSE(seq.empty());

  const auto id = "follow-" + testing::unique_suffix();
  std::thread later([&] {
    // Most likely after the follower has started waiting, so that the waiting path runs;
    // if earlier, the follower finds the line at once and the test holds all the same.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    HttpClient other(testing::api_url());
    other.request("GET", "/health", "", {{"X-Request-Id", id}});
  });
  const auto started = std::chrono::steady_clock::now();
  const auto followed = admin_get(http, "/logs?after=" + seq + "&wait=10&request_id=" + id);
  later.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5))
      << "answered when the line came, not at the end of the wait";
  ASSERT_EQ(followed.status, 200);
  const auto lines = followed.json();
  ASSERT_EQ(lines.Size(), 1u) << followed.body;
  EXPECT_EQ(std::string(lines[0]["request_id"].GetString()), id);
  EXPECT_GT(std::stoull(followed.header("x-log-seq")), std::stoull(seq));

  const auto nothing = admin_get(http, "/logs?after=" + followed.header("x-log-seq") +
                                           "&wait=1&request_id=none-" + testing::unique_suffix());
  EXPECT_EQ(nothing.status, 200);
  EXPECT_EQ(nothing.json().Size(), 0u) << "an empty array when nothing came in time";
}

}  // namespace
}  // namespace linkstream
