// The operations endpoints, as an operator uses them against the running stack.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/api_fixtures.h"
#include "support/eventually.h"
#include "support/stack_control.h"

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

// promtool's lint of an exposition: what it prints are problems (empty: none).
std::string promtool_findings(const std::string& exposition) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("linkstream-metrics-" + testing::unique_suffix() + ".txt");
  std::ofstream(file) << exposition;
  const auto result = testing::run_command("promtool check metrics < '" + file.string() + "' 2>&1");
  std::filesystem::remove(file);
  return result.exit_code == 0 ? result.output
                               : "exit " + std::to_string(result.exit_code) + ": " + result.output;
}

TEST(Operations, BothProcessesExportEveryPromisedMetricAndPromtoolFindsNothingToFix) {
  HttpClient http(testing::api_url());
  ASSERT_EQ(http.get("/health").status, 200);
  const auto api = http.get("/metrics");
  ASSERT_EQ(api.status, 200);
  for (const char* name :
       {"linkstream_http_requests_total", "linkstream_http_request_duration_seconds_bucket",
        "linkstream_http_requests_in_flight", "linkstream_redirects_total", "linkstream_view_urls",
        "linkstream_view_lag_events", "linkstream_view_serving_snapshot",
        "linkstream_click_spool_unshipped_bytes",
        "linkstream_click_spool_oldest_unshipped_age_seconds", "linkstream_log_appends_total",
        "linkstream_db_errors_total", "process_cpu_seconds_total", "process_resident_memory_bytes",
        "process_open_fds", "linkstream_build_info{component=\"api\""}) {
    EXPECT_NE(api.body.find(name), std::string::npos) << name << " is missing from the api";
  }
  EXPECT_EQ(promtool_findings(api.body), "");

  HttpClient projector_http(testing::required_env("LINKSTREAM_TEST_PROJECTOR_METRICS_URL"));
  const auto projector = projector_http.get("/metrics");
  ASSERT_EQ(projector.status, 200);
  for (const char* name :
       {"linkstream_projector_lag_events{partition=\"0\",topic=\"linkstream.urls\"}",
        "linkstream_projector_log_end_offset", "linkstream_projector_committed_offset",
        "linkstream_projector_batch_events_bucket", "linkstream_projector_batch_duration_seconds",
        "linkstream_projector_events_applied_total", "linkstream_projector_events_voided_total",
        "process_cpu_seconds_total", "linkstream_build_info{component=\"projector\""}) {
    EXPECT_NE(projector.body.find(name), std::string::npos)
        << name << " is missing from the projector";
  }
  EXPECT_EQ(promtool_findings(projector.body), "");
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
