// linkstreamctl against the test stack, run as an operator runs it (deploy/linkstreamctl
// with LINKSTREAM_PROFILE=test): imports, verify naming where missing rows come from and
// the replay that restores them, lag, voided events, dead letters, snapshots.

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <regex>
#include <sstream>

#include "linkstream/eventlog/log_reader.h"
#include "linkstream/eventlog/log_writer.h"
#include "linkstream/schema/codec.h"
#include "support/api_fixtures.h"
#include "support/confirmed_append.h"
#include "support/event_builders.h"
#include "support/eventually.h"
#include "support/projector_progress.h"
#include "support/stack_control.h"

namespace linkstream {
namespace {

using testing::HttpClient;

// `linkstreamctl ARGUMENTS` for the test stack; stderr joins stdout when `with_stderr`.
testing::CommandResult ctl(const std::string& arguments, bool with_stderr = false) {
  return testing::run_command("LINKSTREAM_PROFILE=test '" LINKSTREAM_SOURCE_DIR
                              "/deploy/linkstreamctl' " +
                              arguments + (with_stderr ? " 2>&1" : ""));
}

void wait_for_projection() {
  ASSERT_TRUE(testing::eventually(testing::projector_caught_up, std::chrono::seconds(60)))
      << "the projector did not reach the end of the log";
}

std::int64_t log_end(schema::Topic topic) {
  eventlog::LogReader reader(
      {.brokers = testing::kafka_brokers(), .client_id = "test", .extra = {}});
  std::int64_t sum = 0;
  const auto partitions = reader.partition_count(topic, std::chrono::seconds(10));
  for (std::int32_t p = 0; p < partitions; ++p) {
    sum += reader.end_offset(topic, p, std::chrono::seconds(10));
  }
  return sum;
}

std::filesystem::path scratch_folder(const std::string& name) {
  const auto folder = std::filesystem::temp_directory_path() /
                      ("linkstreamctl-" + name + "-" + testing::unique_suffix());
  std::filesystem::create_directories(folder);
  return folder;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(OperatorCli, RunCommandInstallsItOnThePathAndHelpListsEveryCommand) {
  const auto where = testing::run_command("readlink -f \"$(command -v linkstreamctl)\"");
  EXPECT_EQ(where.output, std::string(LINKSTREAM_SOURCE_DIR) + "/deploy/linkstreamctl\n")
      << "deploy/stack up links linkstreamctl into the PATH";
  const auto help = ctl("--help");
  EXPECT_EQ(help.exit_code, 0);
  for (const char* command : {"import FILE", "verify", "rebuild", "replay TOPIC SINCE", "lag",
                              "voided", "dead-letters", "snapshot inspect", "snapshot write"}) {
    EXPECT_NE(help.output.find(command), std::string::npos) << command << " in:\n" << help.output;
  }
  const auto unknown = ctl("frobnicate", true);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("linkstreamctl --help"), std::string::npos) << unknown.output;
}

TEST(OperatorCli, ImportTakesTheThreeFormatsInAnyOrderReportsRefusedLinesAndIsSafeToRunAgain) {
  const auto folder = scratch_folder("import");
  // Ids far above anything the api hands out, one set per run.
  const auto base =
      900'000'000 +
      static_cast<std::int64_t>(std::hash<std::string>{}(testing::unique_suffix()) % 90'000'000);
  const auto id = [&](int n) { return std::to_string(base + n); };
  const auto name = "imported" + id(0);
  write_file(folder / "users.csv", "id,username,email,created_at\n" + id(1) + "," + name + "a," +
                                       name + "a@example.com,2025-12-01 10:00:00\n" + id(2) + "," +
                                       name + "b," + name + "b@example.com,2025-12-01 10:00:01\n");
  write_file(folder / "urls.csv",
             "id,user_id,short_code,original_url,title,is_active,created_at,updated_at\n" + id(1) +
                 "," + id(1) + ",i" + id(1) + ",https://example.com/imported/1,\"a, b\",True," +
                 "2025-12-01 10:00:00,2025-12-01 10:00:00\n" + id(2) + "," + id(2) + ",i" + id(2) +
                 ",https://example.com/imported/2,plain,True,2025-12-01 10:00:00,2025-12-01 "
                 "10:00:00\n" +
                 id(3) + "," + id(1) + ",bad code!,https://example.com/imported/3,,True," +
                 "2025-12-01 10:00:00,2025-12-01 10:00:00\n");
  // Details holding a line break (inside quotes): the file's lines are not its records.
  write_file(folder / "events.csv",
             "id,url_id,user_id,event_type,timestamp,details\n" + id(1) + "," + id(1) + "," +
                 id(1) + ",created,2025-12-01 10:00:00,\"{\n\"\"short_code\"\":\"\"i" + id(1) +
                 "\"\"}\"\n" + id(2) + "," + id(1) + "," + id(1) + ",created,not a time,{}\n");

  // Events first on the command line: the command still sends users, then URLs, then events.
  const std::string files = "'" + (folder / "events.csv").string() + "' '" +
                            (folder / "urls.csv").string() + "' '" +
                            (folder / "users.csv").string() + "'";
  const auto first = ctl("import " + files, true);
  EXPECT_EQ(first.exit_code, 1) << "two rows are refused: " << first.output;
  EXPECT_NE(first.output.find("import: 7 rows in 3 file(s): 5 imported, 2 refused"),
            std::string::npos)
      << first.output;
  // A refused row is named by its file and its line in that file (events.csv line 4: the
  // first event's details took two lines).
  EXPECT_NE(first.output.find((folder / "urls.csv").string() + ":4: "), std::string::npos)
      << first.output;
  EXPECT_NE(first.output.find((folder / "events.csv").string() + ":4: "), std::string::npos)
      << first.output;
  EXPECT_NE(first.output.find("[##############################] 100%"), std::string::npos)
      << "a progress bar: " << first.output;

  HttpClient http(testing::api_url());
  EXPECT_EQ(http.get("/users/" + id(2)).status, 200);
  EXPECT_EQ(http.get("/urls/" + id(1)).status, 200);

  // Run again (an operator who is not sure the first run finished): no user or URL is
  // appended again, and the imported event is still one row (its copy in the log has the
  // first one's id: the projector keeps one row per event id).
  const auto users_before = log_end(schema::Topic::kUsers);
  const auto urls_before = log_end(schema::Topic::kUrls);
  const auto second = ctl("import " + files, true);
  EXPECT_NE(second.output.find("import: 7 rows in 3 file(s): 5 imported, 2 refused"),
            std::string::npos)
      << second.output;
  EXPECT_EQ(log_end(schema::Topic::kUsers), users_before);
  EXPECT_EQ(log_end(schema::Topic::kUrls), urls_before);
  wait_for_projection();
  EXPECT_EQ(testing::count_rows("SELECT count(*) FROM events WHERE id = $1", base + 1), 1);

  write_file(folder / "other.csv", "name,colour\nx,y\n");
  const auto unknown = ctl("import '" + (folder / "other.csv").string() + "'", true);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("short_code"), std::string::npos)
      << "says what each format has: " << unknown.output;
  std::filesystem::remove_all(folder);
}

// The repair commands verify prints, a line each ("  linkstreamctl replay TOPIC START").
std::vector<std::string> repair_commands(const std::string& output) {
  static const std::regex command(R"(  linkstreamctl (replay \S+ \S+|rebuild))");
  std::vector<std::string> commands;
  std::istringstream lines(output);
  std::smatch match;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_match(line, match, command)) commands.push_back(match[1]);
  }
  return commands;
}

TEST(OperatorCli, VerifyNamesTheTopicAndOffsetsOfMissingRowsAndTheReplayItPrintsRestoresThem) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/operator-verify");
  for (int i = 0; i < 3; ++i) ASSERT_EQ(http.get("/" + url.short_code).status, 302);
  for (int i = 0; i < 2; ++i) {
    const auto posted = http.post("/events", R"({"url_id":)" + std::to_string(url.id) +
                                                 R"(,"user_id":)" + std::to_string(user.id) +
                                                 R"(,"event_type":"shared","details":{}})");
    ASSERT_EQ(posted.status, 201) << posted.body;
  }
  wait_for_projection();
  // The rows an operator deletes by mistake: the URL's clicks and posted events (its
  // `created` row stays): three from linkstream.clicks, two from linkstream.events.
  {
    pqxx::connection connection(testing::pg_uri());
    pqxx::work tx(connection);
    const auto deleted = tx.exec_params(
        "DELETE FROM events WHERE url_id = $1 AND event_type IN ('click', 'shared')", url.id);
    ASSERT_EQ(deleted.affected_rows(), 5u);
    tx.commit();
  }

  const auto verify = ctl("verify");
  EXPECT_EQ(verify.exit_code, 1) << verify.output;
  EXPECT_TRUE(std::regex_search(
      verify.output, std::regex(R"(events: 3 rows missing from the live tables, from )"
                                R"(linkstream\.clicks partition \d+, offsets \d+ to \d+)")))
      << verify.output;
  EXPECT_TRUE(std::regex_search(
      verify.output, std::regex(R"(events: 2 rows missing from the live tables, from )"
                                R"(linkstream\.events partition \d+, offsets \d+ to \d+)")))
      << verify.output;
  const auto commands = repair_commands(verify.output);
  ASSERT_EQ(commands.size(), 2u) << verify.output;
  for (const auto& command : commands) {
    EXPECT_TRUE(
        std::regex_match(command, std::regex(R"(replay linkstream\.(clicks|events) \d+:\d+)")))
        << command;
    const auto replay = ctl(command);
    EXPECT_EQ(replay.exit_code, 0) << command << ":\n" << replay.output;
  }
  EXPECT_EQ(testing::clicks_in_postgres(url.id).rows, 3);
  const auto again = ctl("verify");
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("verify: the live tables equal a fresh fold of the log"),
            std::string::npos)
      << again.output;
}

TEST(OperatorCli, LagListsEveryPartitionOfEveryTopic) {
  const auto lag = ctl("lag");
  ASSERT_EQ(lag.exit_code, 0) << lag.output;
  eventlog::LogReader reader(
      {.brokers = testing::kafka_brokers(), .client_id = "test", .extra = {}});
  for (const auto topic : schema::kAllTopics) {
    const auto partitions = reader.partition_count(topic, std::chrono::seconds(10));
    for (std::int32_t p = 0; p < partitions; ++p) {
      EXPECT_TRUE(std::regex_search(
          lag.output, std::regex("\\n" +
                                 std::regex_replace(std::string(schema::topic_name(topic)),
                                                    std::regex("\\."), "\\.") +
                                 " +" + std::to_string(p) + " ")))
          << schema::topic_name(topic) << "/" << p << " in:\n"
          << lag.output;
    }
  }
  EXPECT_TRUE(
      std::regex_search(lag.output, std::regex(R"(the projector is [\d,]+ events? behind)")))
      << lag.output;
}

TEST(OperatorCli, VoidedListsASecondClaimOnAnEmailWithItsReasonAndPosition) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  // The api answers a second claim it can see with 409 and appends nothing; a writer that
  // raced it (another replica, an import) gets its event into the log, void for every
  // reader. Appended here as that writer would.
  eventlog::LogWriter writer(
      {.brokers = testing::kafka_brokers(), .client_id = "operator-cli-test", .extra = {}});
  const auto claim = schema::encode(
      testing::user(2'000'000'000 + user.id, "racer-" + testing::unique_suffix(), user.email));
  ASSERT_TRUE(claim.ok()) << claim.error;
  const auto appended =
      testing::append_and_confirm(writer, schema::Topic::kUsers, "users", claim.json);
  ASSERT_TRUE(appended.ok) << appended.error;
  wait_for_projection();
  const auto voided = ctl("voided --reason email_taken --limit 500");
  ASSERT_EQ(voided.exit_code, 0) << voided.output;
  EXPECT_TRUE(std::regex_search(voided.output, std::regex(R"(\nemail_taken +\d)")))
      << voided.output;
  EXPECT_TRUE(std::regex_search(
      voided.output,
      std::regex("linkstream\\.users/0/" + std::to_string(appended.offset) + " +UserRegistered")))
      << voided.output;
  EXPECT_NE(voided.output.find(user.email), std::string::npos) << voided.output;
  EXPECT_EQ(ctl("voided --limit zero", true).exit_code, 2);
}

TEST(OperatorCli, DeadLettersAreListedAndOnlyThoseThisReleaseCanReadAreSentAgain) {
  eventlog::LogWriter writer(
      {.brokers = testing::kafka_brokers(), .client_id = "operator-cli-test", .extra = {}});
  const auto poison = testing::append_and_confirm(writer, schema::Topic::kEvents, "poison",
                                                  "{not an event " + testing::unique_suffix());
  ASSERT_TRUE(poison.ok) << poison.error;
  const auto position =
      "linkstream.events/" + std::to_string(poison.partition) + "/" + std::to_string(poison.offset);
  ASSERT_TRUE(testing::eventually(
      [&] {
        return testing::count_rows(
                   "SELECT count(*) FROM dead_letters WHERE topic = "
                   "'linkstream.events' AND \"offset\" = $1",
                   poison.offset) == 1;
      },
      std::chrono::seconds(30)));
  const auto list = ctl("dead-letters");
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_TRUE(std::regex_search(list.output, std::regex(position + " +malformed_json")))
      << list.output;
  const auto kept = ctl("dead-letters resend " + position);
  EXPECT_EQ(kept.exit_code, 1);
  EXPECT_NE(kept.output.find(position + ": kept: this release cannot read it either"),
            std::string::npos)
      << kept.output;

  // A dead letter an older release wrote about a click it could not read, and this
  // release can: sent again, it is projected as the URL's click.
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/operator-resend");
  const auto click = schema::encode(schema::make_event(
      schema::ClickRecorded{.url_id = url.id, .user_id = user.id, .short_code = url.short_code}));
  ASSERT_TRUE(click.ok()) << click.error;
  rapidjson::StringBuffer letter;
  {
    rapidjson::Writer<rapidjson::StringBuffer> w(letter);
    w.StartObject();
    w.Key("topic");
    w.String("linkstream.clicks");
    w.Key("partition");
    w.Int(0);
    w.Key("offset");
    w.Int64(900'000'000 + url.id);
    w.Key("reason");
    w.String("unsupported_version");
    w.Key("message");
    w.String("ClickRecorded version 2 is newer than this build");
    w.Key("payload_bytes");
    w.Int64(static_cast<std::int64_t>(click.json.size()));
    w.Key("payload");
    w.String(click.json.c_str());
    w.EndObject();
  }
  ASSERT_TRUE(
      testing::append_and_confirm(writer, schema::Topic::kDeadLetters, "old", letter.GetString())
          .ok);
  const auto old_position = "linkstream.clicks/0/" + std::to_string(900'000'000 + url.id);
  const auto sent = ctl("dead-letters resend " + old_position);
  EXPECT_EQ(sent.exit_code, 0) << sent.output;
  EXPECT_TRUE(std::regex_search(
      sent.output, std::regex(old_position + R"(: sent again, now at linkstream\.clicks/)")))
      << sent.output;
  ASSERT_TRUE(testing::eventually([&] { return testing::clicks_in_postgres(url.id).rows == 1; },
                                  std::chrono::seconds(30)));
  EXPECT_EQ(ctl("dead-letters resend linkstream.clicks/0/1234567890123", true).exit_code, 2);
}

TEST(OperatorCli, SnapshotWriteFoldsTheEntityTopicsAndInspectShowsWhatItCovers) {
  HttpClient http(testing::api_url());
  testing::create_user(http);
  const auto folder = scratch_folder("snapshot");
  const auto file = (folder / "fresh.snapshot").string();
  const auto written = ctl("snapshot write '" + file + "'");
  ASSERT_EQ(written.exit_code, 0) << written.output;
  std::smatch counts;
  ASSERT_TRUE(std::regex_search(written.output, counts,
                                std::regex(R"((\d+) users, (\d+) URLs from (\d+) events)")))
      << written.output;
  EXPECT_GT(std::stoll(counts[1]), 0);

  const auto inspected = ctl("snapshot inspect '" + file + "'");
  ASSERT_EQ(inspected.exit_code, 0) << inspected.output;
  EXPECT_NE(inspected.output.find(" users, "), std::string::npos) << inspected.output;
  for (const char* partition : {"linkstream.users/0", "linkstream.urls/0"}) {
    EXPECT_NE(inspected.output.find(partition), std::string::npos) << inspected.output;
  }
  // The number of users agrees with what write said.
  EXPECT_NE(inspected.output.find(std::regex_replace(std::string(counts[1]),
                                                     std::regex(R"((\d)(?=(\d{3})+$))"), "$1,") +
                                  " users"),
            std::string::npos)
      << inspected.output;

  write_file(folder / "broken.snapshot", "not a snapshot");
  const auto broken = ctl("snapshot inspect '" + (folder / "broken.snapshot").string() + "'");
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.output.find("NOT a usable snapshot"), std::string::npos) << broken.output;
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace linkstream
