// The monitoring configuration in the repository is valid as the tools themselves see it:
// promtool checks the alert rules and runs their unit tests, the rendered Prometheus and
// Alertmanager configuration of every profile passes promtool and amtool, and the
// committed dashboards are what their generator writes.

#include <gtest/gtest.h>

#include <filesystem>

#include "support/stack_control.h"

namespace linkstream {
namespace {

const std::string kRoot = LINKSTREAM_SOURCE_DIR;

void expect_succeeds(const std::string& command) {
  const auto result = testing::run_command("cd '" + kRoot + "' && " + command + " 2>&1");
  EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.output;
}

TEST(MonitoringConfig, AlertRulesPassPromtoolCheck) {
  expect_succeeds("promtool check rules prometheus/rules/*.yml");
}

TEST(MonitoringConfig, EveryAlertFiresAndStaysQuietInItsPromtoolUnitTests) {
  expect_succeeds("promtool test rules prometheus/tests/*.test.yml");
  // One test group per alert at least.
  for (const char* alert : {"ServiceDown", "HighErrorRate", "LatencySpike", "ProjectorLagHigh",
                            "ClickSpoolBacklog", "ClicksRefused"}) {
    const auto found = testing::run_command("grep -c 'alertname: " + std::string(alert) + "' '" +
                                            kRoot + "/prometheus/tests/linkstream.rules.test.yml'");
    EXPECT_GE(std::atoi(found.output.c_str()), 2) << alert << " needs a firing and a quiet case";
  }
}

TEST(MonitoringConfig, EveryProfilesPrometheusAndAlertmanagerConfigurationIsValid) {
  for (const char* profile : {"dev", "test", "bench"}) {
    const auto out =
        std::filesystem::temp_directory_path() / ("linkstream-monitoring-" + std::string(profile));
    expect_succeeds("LINKSTREAM_PROFILE=" + std::string(profile) + " deploy/monitoring-config '" +
                    out.string() + "'");
    expect_succeeds("promtool check config '" + (out / "prometheus.yml").string() + "'");
    expect_succeeds("amtool check-config '" + (out / "alertmanager.yml").string() + "'");
    std::filesystem::remove_all(out);
  }
}

// The test stack's rules wait 10 s where the committed ones wait a minute, and differ in
// nothing else; the other profiles load the committed rules themselves.
TEST(MonitoringConfig, OnlyTheTestProfileShortensTheRulesDurations) {
  const auto out = std::filesystem::temp_directory_path() / "linkstream-monitoring-rules";
  expect_succeeds("LINKSTREAM_PROFILE=test deploy/monitoring-config '" + out.string() + "'");
  const auto rendered = (out / "rules" / "linkstream.rules.yml").string();
  const auto restored = (out / "restored.yml").string();
  const auto difference = testing::run_command(
      "sed -e 's/for: 10s$/for: 1m/' -e 's/\\[10s\\]/[1m]/g' -e 's/seconds > 10$/seconds > 60/' '" +
      rendered + "' >'" + restored + "' && diff '" + restored + "' '" + kRoot +
      "/prometheus/rules/linkstream.rules.yml' 2>&1");
  EXPECT_EQ(difference.output, "") << "the test rules differ in more than their durations";
  EXPECT_NE(testing::run_command("grep -c 'for: 10s' '" + rendered + "'").output, "0\n");
  std::filesystem::remove_all(out);
  const auto dev = std::filesystem::temp_directory_path() / "linkstream-monitoring-dev-rules";
  expect_succeeds("LINKSTREAM_PROFILE=dev deploy/monitoring-config '" + dev.string() + "'");
  EXPECT_FALSE(std::filesystem::exists(dev / "rules"));
  EXPECT_EQ(testing::run_command("grep -c '" + kRoot + "/prometheus/rules/' '" +
                                 (dev / "prometheus.yml").string() + "'")
                .output,
            "1\n");
  std::filesystem::remove_all(dev);
}

TEST(MonitoringConfig, EveryAlertHasARunbook) {
  for (const char* runbook :
       {"service-down.md", "high-error-rate.md", "latency-spike.md", "projector-lag-high.md",
        "click-spool-backlog.md", "clicks-refused.md"}) {
    EXPECT_TRUE(std::filesystem::exists(kRoot + "/docs/runbooks/" + runbook)) << runbook;
    const auto linked = testing::run_command("grep -c '/" + std::string(runbook) + "' '" + kRoot +
                                             "/prometheus/rules/linkstream.rules.yml'");
    EXPECT_EQ(std::atoi(linked.output.c_str()), 1) << runbook << " is not an alert's runbook_url";
  }
}

TEST(MonitoringConfig, CommittedDashboardsAreWhatTheirGeneratorWrites) {
  expect_succeeds("python3 grafana/build_dashboards.py --check");
}

}  // namespace
}  // namespace linkstream
