// A replica restarted while Kafka is unreachable serves redirects from its snapshot and
// catches up when Kafka returns.

#include <gtest/gtest.h>

#include <filesystem>

#include "support/api_fixtures.h"
#include "support/api_replica.h"
#include "support/eventually.h"
#include "support/stack_control.h"

namespace linkstream {
namespace {

using testing::HttpClient;
using testing::supervisorctl;

// GET /health/ready's answer, or a null document while the api does not answer.
rapidjson::Document readiness() {
  try {
    HttpClient http(testing::api_url());
    const auto answer = http.get("/health/ready");
    if (answer.status == 200) return answer.json();
  } catch (const std::exception&) {
  }
  return {};
}

bool serving_snapshot() {
  const auto ready = readiness();
  return ready.IsObject() && ready["view"]["serving_snapshot"].GetBool();
}

long status_of(const std::string& path) {
  try {
    HttpClient http(testing::api_url());
    http.use_fresh_connections();
    return http.get(path).status;
  } catch (const std::exception&) {
    return 0;
  }
}

TEST(Snapshot, AReplicaRestartedWithoutKafkaServesItsSnapshotAndCatchesUpWhenKafkaReturns) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto in_snapshot = testing::create_url(http, user.id, "https://example.com/in-snapshot");

  // A clean stop writes the snapshot; what comes after is only in the log.
  const auto snapshot = std::filesystem::path(testing::required_env("LINKSTREAM_TEST_STATE_DIR")) /
                        "snapshots" / "api-18080.snapshot";
  ASSERT_EQ(supervisorctl("stop", "api"), 0);
  ASSERT_TRUE(std::filesystem::exists(snapshot)) << snapshot;
  testing::CreatedUrl after_snapshot;
  {
    testing::ApiReplica other(18182);
    ASSERT_TRUE(other.ready());
    HttpClient other_http(other.url());
    after_snapshot = testing::create_url(other_http, user.id, "https://example.com/after-snapshot");
  }

  ASSERT_EQ(supervisorctl("stop", "kafka"), 0);
  ASSERT_EQ(supervisorctl("start", "api"), 0);
  ASSERT_TRUE(testing::eventually(serving_snapshot, std::chrono::seconds(60)))
      << "the api did not start serving from its snapshot";
  long redirects = 0;
  for (int i = 0; i < 20; ++i) {
    const auto answer = status_of("/" + in_snapshot.short_code);
    EXPECT_EQ(answer, 302) << "a URL in the snapshot redirects while Kafka is down";
    redirects += answer == 302;
  }
  EXPECT_EQ(status_of("/" + after_snapshot.short_code), 404)
      << "a URL created after the snapshot is not known yet";
  EXPECT_EQ(status_of("/users/" + std::to_string(user.id)), 200);

  ASSERT_EQ(supervisorctl("start", "kafka"), 0);
  EXPECT_TRUE(testing::eventually([] { return !serving_snapshot() && readiness().IsObject(); },
                                  std::chrono::seconds(120)))
      << "the view did not catch up once Kafka returned";
  EXPECT_EQ(status_of("/" + after_snapshot.short_code), 302);
  // The clicks served from the snapshot were spooled and reach PostgreSQL, each once.
  testing::ClickCount clicks;
  EXPECT_TRUE(testing::eventually(
      [&] {
        clicks = testing::clicks_in_postgres(in_snapshot.id);
        return clicks.rows >= redirects;
      },
      std::chrono::seconds(120)));
  EXPECT_EQ(clicks.rows, redirects);
  EXPECT_EQ(clicks.distinct_clicks, redirects);
}

}  // namespace
}  // namespace linkstream
