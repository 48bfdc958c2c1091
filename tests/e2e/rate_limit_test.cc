// Per-client limits on a replica of its own, with limits small enough to meet: writes and
// unknown short codes over their bucket get 429 with Retry-After and a JSON error, other
// clients go on, and behind a trusted proxy the client is the address it forwards.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include "support/api_fixtures.h"
#include "support/api_replica.h"
#include "support/eventually.h"

namespace linkstream {
namespace {

using namespace std::chrono_literals;
using testing::HttpClient;

class RateLimits : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(replica_.ready()) << replica_.log(); }

  // One request as the client at `address` (as nginx on loopback tells it).
  testing::HttpResponse as(const std::string& address, const std::string& method,
                           const std::string& path, const std::string& body = "") {
    return http_.request(method, path, body,
                         {{"X-Forwarded-For", address}, {"Content-Type", "application/json"}});
  }

  static std::string new_user() {
    const auto name = "limited-" + testing::unique_suffix();
    return R"({"username":")" + name + R"(","email":")" + name + R"(@example.com"})";
  }

  static void expect_429(const testing::HttpResponse& answer, const std::string& says) {
    EXPECT_EQ(answer.status, 429) << answer.body;
    EXPECT_GE(std::stoi(answer.header("retry-after").empty() ? "0" : answer.header("retry-after")),
              1);
    const auto json = answer.json();
    ASSERT_TRUE(json.IsObject() && json.HasMember("error")) << answer.body;
    EXPECT_NE(std::string(json["error"].GetString()).find(says), std::string::npos) << answer.body;
  }

  // A URL created on the stack, once this replica's view redirects it (for `visitor`).
  testing::CreatedUrl redirecting_url(HttpClient& stack, const std::string& target,
                                      const std::string& visitor) {
    const auto user = testing::create_user(stack);
    auto url = testing::create_url(stack, user.id, target);
    EXPECT_TRUE(testing::eventually(
        [&] { return as(visitor, "GET", "/" + url.short_code).status == 302; }, 30s));
    return url;
  }

  // Refills take seconds (one token a second), the requests of a test milliseconds.
  testing::ApiReplica replica_{
      18183,
      LINKSTREAM_API_BINARY,
      {"LINKSTREAM_TRUSTED_PROXIES=127.0.0.1", "LINKSTREAM_WRITE_RATE_PER_S=1",
       "LINKSTREAM_WRITE_BURST=3", "LINKSTREAM_UNKNOWN_CODE_RATE_PER_S=1",
       "LINKSTREAM_UNKNOWN_CODE_BURST=5"}};
  HttpClient http_{replica_.url()};
};

TEST_F(RateLimits, WritesPastTheBurstAre429ForThatClientOnly) {
  const std::string client = "198.51.100.7";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(as(client, "POST", "/users", new_user()).status, 201);
  expect_429(as(client, "POST", "/users", new_user()), "too many writes");
  EXPECT_EQ(as("198.51.100.8", "POST", "/users", new_user()).status, 201) << "another client";
  EXPECT_EQ(as(client, "GET", "/users?per_page=1").status, 200) << "reads are not writes";
  const auto metrics = http_.get("/metrics").body;
  EXPECT_NE(metrics.find("linkstream_rate_limited_total{limit=\"writes\"} "), std::string::npos);
  EXPECT_EQ(metrics.find("linkstream_rate_limited_total{limit=\"writes\"} 0"), std::string::npos)
      << "the refusal was not counted";
}

TEST_F(RateLimits, WalkingUnknownCodesIs429AfterTheBurstButKnownCodesStillRedirect) {
  HttpClient stack(testing::api_url());
  const auto url = redirecting_url(stack, "https://example.com/limited", "198.51.100.20");

  const std::string walker = "198.51.100.9";
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(as(walker, "GET", "/walk" + std::to_string(i) + testing::unique_suffix()).status,
              404);
  expect_429(as(walker, "GET", "/walk-on" + testing::unique_suffix()),
             "too many unknown short codes");
  EXPECT_EQ(as(walker, "GET", "/" + url.short_code).status, 302) << "a code that exists";
  EXPECT_EQ(as("198.51.100.10", "GET", "/elsewhere" + testing::unique_suffix()).status, 404);
}

TEST_F(RateLimits, BehindATrustedProxyEachForwardedAddressIsAVisitor) {
  HttpClient stack(testing::api_url());
  const auto url = redirecting_url(stack, "https://example.com/visitors", "198.51.100.30");
  EXPECT_EQ(as("198.51.100.31", "GET", "/" + url.short_code).status, 302);
  const auto stats_path = "/urls/" + std::to_string(url.id) + "/stats";
  EXPECT_TRUE(testing::eventually(
      [&] {
        const auto stats = stack.get(stats_path);
        return stats.status == 200 && stats.json()["total_clicks"].GetInt() == 2 &&
               stats.json()["unique_visitors"].GetInt() == 2;
      },
      60s))
      << stack.get(stats_path).body;
}

}  // namespace
}  // namespace linkstream
