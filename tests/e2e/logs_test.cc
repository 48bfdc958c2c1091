// The api's logs as the on-call person reads them: one JSON object per line with the
// request's fields, a request id that can be given or is made and returned, and GET /logs
// filtering by level, time, request id and text, and following new lines.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

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
  std::stringstream whole;
  whole << file.rdbuf();
  std::string contents = whole.str();
  // The api may be writing its next line as we read: a last line without its newline is
  // still being written, not malformed.
  contents.erase(contents.rfind('\n') + 1);
  std::istringstream complete(contents);
  std::string text;
  int lines = 0, json_lines = 0;
  while (std::getline(complete, text)) {
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

// Nothing a client sends as a credential, and no client address in the raw, reaches the
// api's log file: not the admin token (right or wrong), Basic credentials, cookies,
// Idempotency-Keys, secrets in a query string, the visitor salt.
TEST(Logs, CredentialsSecretsAndRawClientAddressesNeverReachTheLog) {
  HttpClient http(testing::api_url());
  const auto suffix = testing::unique_suffix();
  const auto admin_token = testing::required_env("LINKSTREAM_TEST_ADMIN_TOKEN");
  const std::vector<std::string> secrets = {
      "wrong-token-" + suffix,        "basic-secret-" + suffix, "cookie-secret-" + suffix,
      "idempotency-secret-" + suffix, "query-secret-" + suffix, "198.51.100.77"};
  EXPECT_EQ(admin_get(http, "/logs?limit=1").status, 200);
  EXPECT_EQ(http.request("GET", "/logs", "", {{"Authorization", "Bearer " + secrets[0]}}).status,
            401);
  const std::string body =
      R"({"username":"hygiene-)" + suffix + R"(","email":"hygiene-)" + suffix + R"(@example.com"})";
  const auto created = http.request("POST", "/users", body,
                                    {{"Content-Type", "application/json"},
                                     {"Authorization", "Basic " + secrets[1]},
                                     {"Cookie", "session=" + secrets[2]},
                                     {"Idempotency-Key", secrets[3]},
                                     {"X-Forwarded-For", secrets[5]}});
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(http.get("/no-such-code?token=" + secrets[4]).status, 404);
  EXPECT_EQ(http.request("POST", "/chaos?token=" + secrets[4], "{}",
                         {{"Authorization", "Bearer " + secrets[0]}})
                .status,
            401);

  const auto state = testing::required_env("LINKSTREAM_TEST_STATE_DIR");
  std::ifstream salt_file(state + "/visitor-salt");
  std::string salt;
  std::getline(salt_file, salt);
  // The file is read once it holds the create's own line (its request id).
  const auto request_id = created.header("x-request-id");
  ASSERT_FALSE(request_id.empty());
  const auto read_log = [&] {
    std::ifstream file(state + "/logs/api.log");
    std::vector<std::string> all;
    for (std::string line; std::getline(file, line);) all.push_back(line);
    return all;
  };
  std::vector<std::string> log;
  ASSERT_TRUE(testing::eventually(
      [&] {
        log = read_log();
        return std::any_of(log.begin(), log.end(), [&](const std::string& line) {
          return line.find("\"request_id\":\"" + request_id + "\"") != std::string::npos;
        });
      },
      std::chrono::seconds(10)))
      << "the create's line never reached api.log";
  int lines = 0;
  for (const auto& line : log) {
    ++lines;
    for (const auto& secret : secrets) {
      EXPECT_EQ(line.find(secret), std::string::npos) << "'" << secret << "' in: " << line;
    }
    EXPECT_EQ(line.find(admin_token), std::string::npos) << "the admin token in: " << line;
    if (salt.size() >= 8) {
      EXPECT_EQ(line.find(salt), std::string::npos) << "the salt in: " << line;
    }
    EXPECT_EQ(line.find("\"client\":\"127.0.0.1\""), std::string::npos) << line;
  }
  EXPECT_GT(lines, 0);
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
