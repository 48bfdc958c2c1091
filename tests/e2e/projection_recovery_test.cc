// The read tables are a function of the log, whatever happens to the projector or to
// PostgreSQL: the projector killed mid-batch, a rebuild swapped in under load, a topic
// replayed after rows were lost, PostgreSQL stopped. Each test ends with `deploy/stack
// verify`, which compares every read table with a fresh fold of the log (EXCEPT ALL both
// ways), and with exact counts of what the clients were told.

#include <gtest/gtest.h>

#include <csignal>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "linkstream/eventlog/log_reader.h"
#include "linkstream/schema/timestamp.h"
#include "support/api_fixtures.h"
#include "support/eventually.h"
#include "support/projector_progress.h"
#include "support/redirect_load.h"
#include "support/stack_control.h"
#include "support/standby_projector.h"

namespace linkstream {
namespace {

using testing::HttpClient;
using testing::RedirectLoad;
using testing::supervisorctl;
using namespace std::chrono_literals;

// Load for these tests: enough to keep the projector inside batches, few enough events
// that each comparison with a fresh fold of the whole log stays short.
constexpr int kRedirectsPerSecond = 300;

// Creates users on its own thread and remembers the ids the api answered 201 for: writes
// on an entity topic, which the projector must fold from offset 0 in every session.
class UserLoad {
 public:
  UserLoad() {
    thread_ = std::thread([this] {
      HttpClient http(testing::api_url());
      while (!stopping_) {
        const auto name = "load-" + testing::unique_suffix();
        const auto response =
            http.post("/users", R"({"username":")" + name + R"(","email":")" + name + R"(@e.io"})");
        if (response.status == 201) {
          std::lock_guard lock(mutex_);
          created_.push_back(response.json()["id"].GetInt64());
        } else {
          ++refused_;
        }
      }
    });
  }
  ~UserLoad() { stop(); }
  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::vector<std::int64_t> created() {
    std::lock_guard lock(mutex_);
    return created_;
  }
  long refused() const { return refused_; }

 private:
  std::mutex mutex_;
  std::vector<std::int64_t> created_;
  std::atomic<long> refused_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// Reads what PostgreSQL serves, in a loop, counting answers other than 200.
class ReadLoad {
 public:
  explicit ReadLoad(std::int64_t url_id) {
    thread_ = std::thread([this, url_id] {
      HttpClient http(testing::api_url());
      while (!stopping_) {
        const auto events = http.get("/events?url_id=" + std::to_string(url_id));
        const auto users = http.get("/users?page=1&per_page=5");
        ++reads_;
        if (events.status != 200 || users.status != 200) {
          ++failures_;
          last_failure_ = events.body + " " + users.body;
        }
      }
    });
  }
  ~ReadLoad() { stop(); }
  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
  }
  long reads() const { return reads_; }
  long failures() const { return failures_; }
  std::string last_failure() const { return last_failure_; }

 private:
  std::atomic<long> reads_{0}, failures_{0};
  std::string last_failure_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

using testing::projector_caught_up;

struct TableComparison {
  std::int64_t live = -1, fresh = -1, only_live = -1, only_fresh = -1;
};

// Parses "compare TABLE: live N, fresh N, only live N, only fresh N" lines.
std::map<std::string, TableComparison> comparisons(const std::string& output) {
  static const std::regex line(
      R"(compare (\w+): live (\d+), fresh (\d+), only live (\d+), only fresh (\d+))");
  std::map<std::string, TableComparison> tables;
  for (std::sregex_iterator it(output.begin(), output.end(), line), end; it != end; ++it) {
    tables[(*it)[1]] = {std::stoll((*it)[2]), std::stoll((*it)[3]), std::stoll((*it)[4]),
                        std::stoll((*it)[5])};
  }
  return tables;
}

void expect_all_equal(const std::map<std::string, TableComparison>& tables,
                      const std::string& output) {
  for (const char* table :
       {"users", "urls", "events", "projector_offsets", "voided_events", "dead_letters"}) {
    ASSERT_TRUE(tables.count(table)) << "no comparison of " << table << " in:\n" << output;
    const auto& t = tables.at(table);
    EXPECT_EQ(t.live, t.fresh) << table;
    EXPECT_EQ(t.only_live, 0) << table;
    EXPECT_EQ(t.only_fresh, 0) << table;
  }
}

// Waits for the projector to reach the end of every partition, then compares every read
// table with a fresh fold of the log.
void expect_tables_equal_the_fold() {
  ASSERT_TRUE(testing::eventually(projector_caught_up, std::chrono::seconds(120)))
      << "the projector did not reach the end of the log";
  const auto verify = testing::deploy_stack("verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  expect_all_equal(comparisons(verify.output), verify.output);
}

std::int64_t users_in_postgres(const std::vector<std::int64_t>& ids) {
  std::string list;
  for (auto id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);
  if (list.empty()) return 0;
  return testing::count_rows("SELECT count(*) FROM users WHERE id IN (" + list + ") AND $1 = $1",
                             0);
}

bool projector_running() {
  const auto result = testing::run_command("supervisorctl -c '" +
                                           testing::required_env("LINKSTREAM_TEST_STATE_DIR") +
                                           "/supervisord.conf' status projector");
  return result.output.find("RUNNING") != std::string::npos;
}

TEST(ExactlyOnceProjection, KillingTheProjector20TimesUnderLoadLeavesTablesEqualToTheFold) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/exactly-once");
  RedirectLoad redirects(url.short_code, kRedirectsPerSecond);
  UserLoad users;
  std::mt19937 random{std::random_device{}()};
  for (int kill = 0; kill < 20; ++kill) {
    // Kill a projector that is working (running, with new events arriving), at a random
    // moment: under load it is inside a batch transaction much of the time. One still
    // starting is left alone: supervision counts a death during start as a failed start.
    ASSERT_TRUE(testing::eventually(projector_running, std::chrono::seconds(60)));
    const long before = redirects.redirects();
    ASSERT_TRUE(testing::eventually([&] { return redirects.redirects() >= before + 20; },
                                    std::chrono::seconds(30)));
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 700));  // a random moment
    const auto pid = testing::program_pid("projector");
    ASSERT_TRUE(pid);
    ASSERT_EQ(::kill(static_cast<pid_t>(*pid), SIGKILL), 0);
    ASSERT_TRUE(testing::eventually(
        [&] {
          const auto now = testing::program_pid("projector");
          return now && *now != *pid;
        },
        std::chrono::seconds(60)))
        << "supervision did not bring the projector back";
  }
  redirects.stop();
  users.stop();
  EXPECT_EQ(redirects.others(), 0);
  EXPECT_EQ(users.refused(), 0);

  expect_tables_equal_the_fold();
  const auto clicks = testing::clicks_in_postgres(url.id);
  EXPECT_EQ(clicks.rows, redirects.redirects()) << "one click row per 302, none twice";
  EXPECT_EQ(clicks.distinct_clicks, clicks.rows);
  const auto created = users.created();
  EXPECT_GT(created.size(), 0u);
  EXPECT_EQ(users_in_postgres(created), static_cast<std::int64_t>(created.size()));
}

// Two live projectors would each commit from their own offsets, one moving
// projector_offsets back under the other. A second one started by mistake stands by, and
// takes over when the first one goes.
TEST(LiveProjector, ASecondOneStandsByAndTakesOverWhenTheFirstStops) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/standby");
  testing::SecondProjector second;
  ASSERT_TRUE(second.started());
  EXPECT_TRUE(testing::eventually(
      [&] { return second.log().find("standing by") != std::string::npos; }, 30s))
      << second.log();
  EXPECT_EQ(second.log().find("session started"), std::string::npos) << second.log();
  ASSERT_EQ(http.get("/" + url.short_code).status, 302);
  EXPECT_TRUE(testing::eventually([&] { return testing::clicks_in_postgres(url.id).rows == 1; },
                                  30s));  // the first one projects meanwhile

  ASSERT_EQ(supervisorctl("stop", "projector"), 0);
  EXPECT_TRUE(testing::eventually(
      [&] { return second.log().find("session started") != std::string::npos; }, 30s))
      << second.log();
  ASSERT_EQ(http.get("/" + url.short_code).status, 302);
  EXPECT_TRUE(testing::eventually([&] { return testing::clicks_in_postgres(url.id).rows == 2; },
                                  30s));  // now the second one does
  EXPECT_TRUE(second.running());
  ASSERT_EQ(supervisorctl("start", "projector"), 0);
}

TEST(Rebuild, SwapsInTablesEqualToTheOldOnesWhileRedirectsAndReadsKeepAnswering) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/rebuild");
  RedirectLoad redirects(url.short_code, kRedirectsPerSecond);
  ReadLoad reads(url.id);

  const auto rebuild = testing::deploy_stack("rebuild");
  ASSERT_TRUE(testing::eventually([&] { return reads.reads() > 0; }, std::chrono::seconds(30)));
  const long redirects_during = redirects.redirects();
  redirects.stop();
  reads.stop();

  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.output;
  EXPECT_NE(rebuild.output.find("all tables were equal"), std::string::npos) << rebuild.output;
  const auto tables = comparisons(rebuild.output);
  expect_all_equal(tables, rebuild.output);
  // The retired tables are the ones that served before the swap, at the same offsets.
  for (const auto& [table, comparison] : tables) {
    EXPECT_EQ(testing::count_rows(
                  "SELECT count(*) FROM linkstream_retired." + table + " WHERE $1 = $1", 0),
              comparison.live)
        << table;
  }
  EXPECT_GT(redirects_during, 0);
  EXPECT_EQ(redirects.others(), 0) << "a redirect failed during the rebuild";
  EXPECT_EQ(reads.failures(), 0) << "a read failed during the rebuild: " << reads.last_failure();

  // The projector goes on writing into the swapped-in tables: it reaches the end of the
  // log and every click of the load is there. (The swapped-in tables were compared with
  // the old ones above; the other tests here compare tables with a fresh fold.)
  ASSERT_TRUE(testing::eventually(projector_caught_up, std::chrono::seconds(120)));
  const auto clicks = testing::clicks_in_postgres(url.id);
  EXPECT_EQ(clicks.rows, redirects.redirects());
  EXPECT_EQ(clicks.distinct_clicks, clicks.rows);
}

TEST(Replay, ReplayingTheClicksTopicFromATimeWritesLostRowsAgain) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/replay");
  // The replay point: a whole second before the clicks (Kafka stamps in milliseconds).
  const auto since = schema::now() - std::chrono::seconds(1);
  for (int i = 0; i < 25; ++i) ASSERT_EQ(http.get("/" + url.short_code).status, 302);
  ASSERT_TRUE(testing::eventually([&] { return testing::clicks_in_postgres(url.id).rows == 25; },
                                  std::chrono::seconds(30)));

  // The incident: the click rows are lost (a bad manual fix, a restored backup).
  {
    pqxx::connection connection(testing::pg_uri());
    pqxx::work tx(connection);
    const auto gone =
        tx.exec_params("DELETE FROM events WHERE url_id = $1 AND event_type = 'click'", url.id);
    ASSERT_EQ(gone.affected_rows(), 25u);
    tx.commit();
  }
  const auto replay =
      testing::deploy_stack("replay linkstream.clicks " + schema::format_timestamp(since));
  ASSERT_EQ(replay.exit_code, 0) << replay.output;
  EXPECT_NE(replay.output.find("events written again"), std::string::npos) << replay.output;

  const auto clicks = testing::clicks_in_postgres(url.id);
  EXPECT_EQ(clicks.rows, 25);
  EXPECT_EQ(clicks.distinct_clicks, 25);
  expect_tables_equal_the_fold();

  const auto usage = testing::deploy_stack("replay linkstream.nope 2026-01-01T00:00:00");
  EXPECT_EQ(usage.exit_code, 2) << "an unknown topic is refused";
}

TEST(PostgresDown, WritesReadsAndRedirectsKeepWorkingListingsAre503AndAllCatchesUpAfter) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto old_url = testing::create_url(http, user.id, "https://example.com/before-outage");
  ASSERT_TRUE(testing::eventually([&] {
    return testing::count_rows("SELECT count(*) FROM urls WHERE id = $1", old_url.id) == 1;
  }));

  ASSERT_EQ(supervisorctl("stop", "projector"), 0);
  ASSERT_EQ(supervisorctl("stop", "postgres"), 0);
  EXPECT_EQ(http.get("/" + old_url.short_code).status, 302);
  const auto new_user = testing::create_user(http);
  const auto new_url = testing::create_url(http, new_user.id, "https://example.com/in-outage");
  EXPECT_EQ(http.get("/" + new_url.short_code).status, 302);
  EXPECT_EQ(http.get("/users/" + std::to_string(new_user.id)).status, 200);
  EXPECT_EQ(http.get("/urls/" + std::to_string(new_url.id)).status, 200);
  EXPECT_EQ(http.request("PUT", "/urls/" + std::to_string(new_url.id),
                         R"({"title":"written during the outage"})",
                         {{"Content-Type", "application/json"}})
                .status,
            200);
  EXPECT_EQ(http.get("/urls?user_id=" + std::to_string(new_user.id)).json().Size(), 1u);

  const auto started = std::chrono::steady_clock::now();
  const auto events = http.get("/events?url_id=" + std::to_string(new_url.id));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(events.status, 503);
  EXPECT_FALSE(events.header("retry-after").empty());
  const auto error = events.json();
  EXPECT_TRUE(error.IsObject() && error.HasMember("error")) << events.body;

  ASSERT_EQ(supervisorctl("start", "postgres"), 0);
  ASSERT_EQ(supervisorctl("start", "projector"), 0);
  // Everything catches up: created, updated and one click for the new URL.
  EXPECT_TRUE(testing::eventually(
      [&] {
        try {
          return testing::count_rows("SELECT count(*) FROM events WHERE url_id = $1", new_url.id) ==
                 3;
        } catch (const std::exception&) {
          return false;  // PostgreSQL still starting
        }
      },
      std::chrono::seconds(90)));
  EXPECT_EQ(testing::count_rows("SELECT count(*) FROM urls WHERE id = $1 AND title = 'written "
                                "during the outage'",
                                new_url.id),
            1);
  EXPECT_EQ(http.get("/events?url_id=" + std::to_string(new_url.id)).status, 200);
  expect_tables_equal_the_fold();
}

}  // namespace
}  // namespace linkstream
