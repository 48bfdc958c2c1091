// The operations endpoints, as an operator uses them against the running stack.

#include <gtest/gtest.h>

#include "support/api_fixtures.h"
#include "support/eventually.h"

namespace linkstream {
namespace {

using testing::HttpClient;

TEST(Operations, MetricsNameRouteTemplatesNeverRawPaths) {
  HttpClient http(testing::api_url());
  http.get("/users/12345678");
  http.get("/nosuchcode");
  const auto metrics = http.get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(metrics.body.find(
                R"(linkstream_http_requests_total{method="GET",route="/users/{id}",status="404"})"),
            std::string::npos);
  EXPECT_NE(metrics.body.find(R"(route="/{short_code}")"), std::string::npos);
  EXPECT_EQ(metrics.body.find("12345678"), std::string::npos) << "a raw path became a label";
  EXPECT_NE(metrics.body.find("linkstream_http_request_duration_seconds_bucket"),
            std::string::npos);
}

TEST(Operations, ChaosCrashesTheApiAndSupervisionBringsItBackWithItsData) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/survives");
  const auto before = testing::ready_pid();
  ASSERT_TRUE(before);

  const auto token = testing::required_env("LINKSTREAM_TEST_ADMIN_TOKEN");
  const auto crash = http.request("POST", "/chaos", "", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(crash.status, 202) << crash.body;

  std::optional<std::int64_t> after;
  ASSERT_TRUE(testing::eventually(
      [&] {
        after = testing::ready_pid();
        return after && *after != *before;
      },
      std::chrono::seconds(60)))
      << "no new api process became ready after the crash";
  // The new process rebuilt its view from the log: what existed before still redirects.
  HttpClient again(testing::api_url());
  EXPECT_EQ(again.get("/users/" + std::to_string(user.id)).status, 200);
  const auto redirect = again.get("/" + url.short_code);
  EXPECT_EQ(redirect.status, 302);
  EXPECT_EQ(redirect.header("location"), "https://example.com/survives");
}

}  // namespace
}  // namespace linkstream
