// LINKSTREAM_OPS_DETAILS=token, on a replica of its own: the metrics and the details of
// readiness are for the admin token's holder; a load balancer still reads the status.

#include <gtest/gtest.h>

#include "support/api_fixtures.h"
#include "support/api_replica.h"

namespace linkstream {
namespace {

using testing::HttpClient;

TEST(OpsAccess, WithTokenModeMetricsAndReadinessDetailsNeedTheAdminToken) {
  testing::ApiReplica replica(18184, LINKSTREAM_API_BINARY, {"LINKSTREAM_OPS_DETAILS=token"});
  ASSERT_TRUE(replica.ready()) << replica.log();
  HttpClient http(replica.url());
  const std::map<std::string, std::string> admin = {
      {"Authorization", "Bearer " + testing::required_env("LINKSTREAM_TEST_ADMIN_TOKEN")}};

  const auto anonymous_metrics = http.get("/metrics");
  EXPECT_EQ(anonymous_metrics.status, 401);
  EXPECT_TRUE(anonymous_metrics.json().HasMember("error")) << anonymous_metrics.body;
  const auto metrics = http.request("GET", "/metrics", "", admin);
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("linkstream_http_requests_total"), std::string::npos);

  const auto anonymous_ready = http.get("/health/ready");
  EXPECT_EQ(anonymous_ready.status, 200);
  EXPECT_EQ(anonymous_ready.body, R"({"status":"ready"})") << "details without the token";
  const auto ready = http.request("GET", "/health/ready", "", admin);
  EXPECT_EQ(ready.status, 200);
  const auto details = ready.json();
  EXPECT_TRUE(details.HasMember("pid") && details.HasMember("projection")) << ready.body;
}

}  // namespace
}  // namespace linkstream
