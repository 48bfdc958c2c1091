// The on-call chain, end to end: each drill (deploy/drill) breaks one thing in the test
// stack; the real Prometheus scrapes it and fires the alert, the real Alertmanager routes
// it, and the Discord stand-in (deploy/discord-sink) receives it in Discord's payload
// shape, within Discord's limits, with its runbook; when the drill puts things back, the
// resolved notification follows.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <future>

#include "support/eventually.h"
#include "support/http_client.h"
#include "support/stack_control.h"

namespace linkstream {
namespace {

struct Notification {
  std::string channel;
  std::string title;
  std::string description;
  bool within_discord_limits = false;
};

std::string sink_file() {
  return testing::required_env("LINKSTREAM_TEST_STATE_DIR") + "/logs/discord.jsonl";
}

std::uintmax_t sink_size() {
  std::error_code error;
  const auto size = std::filesystem::file_size(sink_file(), error);
  return error ? 0 : size;
}

// The messages the stand-in received after byte `from` of its file.
std::vector<Notification> notifications_since(std::uintmax_t from) {
  std::ifstream file(sink_file());
  file.seekg(static_cast<std::streamoff>(from));
  std::vector<Notification> found;
  for (std::string line; std::getline(file, line);) {
    rapidjson::Document record;
    record.Parse(line.c_str());
    if (!record.IsObject() || !record["payload"].IsObject()) continue;
    const auto& payload = record["payload"];
    if (!payload.HasMember("embeds") || !payload["embeds"].IsArray() || payload["embeds"].Empty()) {
      continue;
    }
    const auto& embed = payload["embeds"][0];
    found.push_back({record["channel"].GetString(),
                     embed.HasMember("title") ? embed["title"].GetString() : "",
                     embed.HasMember("description") ? embed["description"].GetString() : "",
                     record["problems"].Empty()});
  }
  return found;
}

std::optional<Notification> find(std::uintmax_t from, const std::string& title_start,
                                 const std::string& alert) {
  for (const auto& n : notifications_since(from)) {
    if (n.title.rfind(title_start, 0) == 0 && n.title.find(alert) != std::string::npos) return n;
  }
  return std::nullopt;
}

// True when neither Prometheus nor Alertmanager holds an alert: a drill that starts then
// gets a fresh notification (Alertmanager does not repeat one that still fires).
bool quiet() {
  try {
    testing::HttpClient prometheus(testing::required_env("LINKSTREAM_TEST_PROMETHEUS_URL"));
    const auto rules = prometheus.get("/api/v1/alerts").json();
    if (!rules.IsObject() || !rules["data"]["alerts"].Empty()) return false;
    testing::HttpClient alertmanager(testing::required_env("LINKSTREAM_TEST_ALERTMANAGER_URL"));
    const auto active = alertmanager.get("/api/v2/alerts?active=true").json();
    return active.IsArray() && active.Empty();
  } catch (const std::exception&) {
    return false;
  }
}

// Runs the drill, and checks that its alert reaches the stand-in while it runs, on the
// severity's channel, in Discord's shape, and that it resolves once the drill is over.
// `seconds`, how long the fault lasts, leaves margin over the test profile's rules: their
// `for:` and rate windows are 10 s and ClickSpoolBacklog's age 10 s (deploy/lib/common.sh;
// the committed rules say a minute, and the dev stack's drills take that long), scraped
// every 2 s; ServiceDown keeps its committed `for: 30s`.
void expect_drill_fires_and_resolves(const std::string& drill, int seconds,
                                     const std::string& alert, const std::string& severity,
                                     const std::string& runbook) {
  ASSERT_TRUE(testing::eventually(quiet, std::chrono::seconds(180)))
      << "alerts of an earlier test still fire";
  const auto from = sink_size();
  auto run = std::async(std::launch::async, [&] {
    return testing::run_command("LINKSTREAM_PROFILE=test '" LINKSTREAM_SOURCE_DIR
                                "/deploy/drill' " +
                                drill + " --seconds " + std::to_string(seconds) + " >&2");
  });
  std::optional<Notification> firing;
  EXPECT_TRUE(
      testing::eventually([&] { return (firing = find(from, "[FIRING", alert)).has_value(); },
                          std::chrono::seconds(seconds + 60)))
      << alert << " never reached the Discord stand-in during " << drill;
  const auto drill_result = run.get();
  EXPECT_EQ(drill_result.exit_code, 0) << drill << " failed";
  if (firing) {
    EXPECT_EQ(firing->channel, severity == "critical" ? "critical" : "warnings");
    EXPECT_NE(firing->title.find("(" + severity + ")"), std::string::npos) << firing->title;
    EXPECT_TRUE(firing->within_discord_limits) << firing->title;
    EXPECT_LE(firing->title.size(), 256u);
    EXPECT_LE(firing->description.size(), 4096u);
    EXPECT_NE(firing->description.find("Runbook: "), std::string::npos) << firing->description;
    EXPECT_NE(firing->description.find("docs/runbooks/" + runbook), std::string::npos)
        << firing->description;
  }
  EXPECT_TRUE(testing::eventually([&] { return find(from, "[RESOLVED", alert).has_value(); },
                                  std::chrono::seconds(150)))
      << alert << " was not resolved after " << drill;
}

TEST(Alerting, ServiceDownReachesDiscordAndResolvesAfterTheRestart) {
  expect_drill_fires_and_resolves("service-down", 60, "ServiceDown", "critical", "service-down.md");
}

TEST(Alerting, HighErrorRateReachesDiscordAndResolves) {
  expect_drill_fires_and_resolves("error-spike", 30, "HighErrorRate", "critical",
                                  "high-error-rate.md");
}

TEST(Alerting, LatencySpikeReachesDiscordAndResolves) {
  expect_drill_fires_and_resolves("latency-spike", 30, "LatencySpike", "warning",
                                  "latency-spike.md");
}

TEST(Alerting, ProjectorLagHighReachesDiscordAndResolves) {
  expect_drill_fires_and_resolves("projector-stall", 30, "ProjectorLagHigh", "warning",
                                  "projector-lag-high.md");
}

TEST(Alerting, ClickSpoolBacklogReachesDiscordAndResolvesWhenKafkaReturns) {
  expect_drill_fires_and_resolves("click-backlog", 50, "ClickSpoolBacklog", "critical",
                                  "click-spool-backlog.md");
}

TEST(Alerting, ClicksRefusedReachesDiscordWhenTheSpoolsDiskIsFullAndResolves) {
  if (!testing::can_mount_tmpfs())
    GTEST_SKIP() << "the drill mounts a tmpfs for the spool: this process may not mount";
  expect_drill_fires_and_resolves("spool-full", 30, "ClicksRefused", "critical",
                                  "clicks-refused.md");
}

}  // namespace
}  // namespace linkstream
