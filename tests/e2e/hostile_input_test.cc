// Requests an attacker would send, against the running stack: each gets a JSON 4xx, the
// api process stays the same one, and nothing reaches the log.

#include <gtest/gtest.h>

#include <map>

#include "linkstream/eventlog/log_reader.h"
#include "support/api_fixtures.h"
#include "support/eventually.h"
#include "support/hostile_requests.h"
#include "support/nested_json.h"
#include "support/raw_http.h"

namespace linkstream {
namespace {

using testing::HttpClient;

using testing::nested_objects;

// The end offset of every partition of the entity and client-event topics (clicks are
// left out: the relay may still be shipping earlier tests' clicks).
std::map<std::pair<int, int>, std::int64_t> entity_log_ends() {
  eventlog::LogReader reader({.brokers = testing::kafka_brokers(),
                              .client_id = "linkstream-hostile-input-test",
                              .extra = {}});
  std::map<std::pair<int, int>, std::int64_t> ends;
  for (auto topic : {schema::Topic::kUsers, schema::Topic::kUrls, schema::Topic::kEvents}) {
    const auto partitions = reader.partition_count(topic, std::chrono::seconds(10));
    for (int p = 0; p < partitions; ++p) {
      ends[{static_cast<int>(topic), p}] = reader.end_offset(topic, p, std::chrono::seconds(10));
    }
  }
  return ends;
}

void expect_json_error(const testing::HttpResponse& response, long status,
                       const std::string& says) {
  EXPECT_EQ(response.status, status) << response.body.substr(0, 300);
  const auto json = response.json();
  ASSERT_TRUE(json.IsObject() && json.HasMember("error") && json["error"].IsString())
      << response.body.substr(0, 300);
  EXPECT_NE(std::string(json["error"].GetString()).find(says), std::string::npos)
      << json["error"].GetString();
}

// The probe that crashed linkstream-api with SIGSEGV (issue 10): about 600 KB, 100,000
// levels deep in the details of POST /events, from an anonymous client.
TEST(HostileInput, ADeeplyNestedBodyIsABadRequestAndTheApiStaysUp) {
  const auto pid_before = testing::ready_pid();
  ASSERT_TRUE(pid_before) << "no api is ready";
  const auto log_before = entity_log_ends();
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/deep");
  const auto log_with_fixtures = entity_log_ends();

  const std::string deep = nested_objects(100'000);
  const std::string ids =
      R"("url_id":)" + std::to_string(url.id) + R"(,"user_id":)" + std::to_string(user.id);
  expect_json_error(
      http.post("/events", "{" + ids + R"(,"event_type":"probe","details":)" + deep + "}"), 400,
      "nested deeper than 64 levels");
  // The same depth in a key no handler reads, and in the other JSON writes.
  expect_json_error(
      http.post("/users", R"({"username":"deep","email":"deep@example.com","x":)" + deep + "}"),
      400, "nested deeper than 64 levels");
  expect_json_error(
      http.request("PUT", "/urls/" + std::to_string(url.id), R"({"title":)" + deep + "}"), 400,
      "nested deeper than 64 levels");
  expect_json_error(http.request("PUT", "/users/" + std::to_string(user.id), "[" + deep + "]"), 400,
                    "nested deeper than 64 levels");

  EXPECT_EQ(testing::ready_pid(), pid_before) << "the api was restarted: it crashed";
  EXPECT_EQ(entity_log_ends(), log_with_fixtures) << "a refused request reached the log";
  EXPECT_NE(log_with_fixtures, log_before) << "the fixtures' own writes were not seen";
}

TEST(HostileInput, DetailsNestedUpToTheDocumentedLimitAreRecorded) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/limit");
  // The body itself is the first level; details hold the other 63.
  const auto response =
      http.post("/events", R"({"url_id":)" + std::to_string(url.id) + R"(,"user_id":)" +
                               std::to_string(user.id) + R"(,"event_type":"probe","details":)" +
                               nested_objects(63) + "}");
  EXPECT_EQ(response.status, 201) << response.body.substr(0, 300);
  // Every reader of the log takes it too: the projector wrote it (listings wait for this
  // replica's own writes), it was not sent to the dead letters.
  const auto listed = http.get("/events?url_id=" + std::to_string(url.id) + "&event_type=probe");
  const auto events = listed.json();
  ASSERT_TRUE(events.IsArray()) << listed.body.substr(0, 300);
  ASSERT_EQ(events.Size(), 1u) << listed.body.substr(0, 300);
  EXPECT_EQ(listed.header("x-linkstream-stale"), "");
  expect_json_error(
      http.post("/events", R"({"url_id":)" + std::to_string(url.id) + R"(,"user_id":)" +
                               std::to_string(user.id) + R"(,"event_type":"probe","details":)" +
                               nested_objects(64) + "}"),
      400, "nested deeper than 64 levels");
}

// PostgreSQL cannot store U+0000: one such event stopped the projector on every retry.
TEST(HostileInput, TheCharacterPostgresCannotStoreIsABadRequest) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/nul");
  const auto log_before = entity_log_ends();
  expect_json_error(http.post("/events", R"({"url_id":)" + std::to_string(url.id) +
                                             R"(,"user_id":)" + std::to_string(user.id) +
                                             R"(,"event_type":"probe","details":{"a":"x\u0000"}})"),
                    400, "U+0000");
  expect_json_error(http.post("/users", R"({"username":"nul\u0000","email":"nul@example.com"})"),
                    400, "U+0000");
  EXPECT_EQ(entity_log_ends(), log_before) << "a refused request reached the log";
}

// Header bytes that are not UTF-8 are the client's business: the redirect is served and
// its click reaches PostgreSQL (cut and replaced, never a dead letter).
TEST(HostileInput, AClickWithHeadersThatAreNotUtf8IsCounted) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/bytes");
  const auto response =
      http.request("GET", "/" + url.short_code, "",
                   {{"Referer", "https://ex.com/\xff\xfe\xc3"}, {"User-Agent", "agent\x80"}});
  ASSERT_EQ(response.status, 302);
  EXPECT_TRUE(testing::eventually([&] { return testing::clicks_in_postgres(url.id).rows == 1; },
                                  std::chrono::seconds(15)));
  const auto events =
      http.get("/events?url_id=" + std::to_string(url.id) + "&event_type=click").json();
  ASSERT_TRUE(events.IsArray() && events.Size() == 1);
  EXPECT_STREQ(events[0]["details"]["user_agent"].GetString(), "agent\xEF\xBF\xBD");
  EXPECT_STREQ(events[0]["details"]["referrer"].GetString(),
               "https://ex.com/\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

// The suite: every request of tests/support/hostile_requests.h, through a client library
// and as raw bytes, each a JSON 4xx; then the api is the same process and the entity log
// has not grown.
TEST(HostileInput, EveryRequestOfTheSuiteIsAJson4xxAndTheApiStaysUpAndWritesNothing) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/suite");
  const auto pid_before = testing::ready_pid();
  ASSERT_TRUE(pid_before) << "no api is ready";
  const auto log_before = entity_log_ends();

  const auto requests = testing::hostile_requests(user.id, url.id);
  const auto framings = testing::forbidden_framings();
  EXPECT_GE(requests.size() + framings.size(), 150u) << "the suite has shrunk";
  for (const auto& request : requests) {
    SCOPED_TRACE(request.what);
    const auto answer = http.request(request.method, request.path, request.body, request.headers);
    EXPECT_GE(answer.status, 400) << answer.body.substr(0, 200);
    EXPECT_LT(answer.status, 500) << answer.body.substr(0, 200);
    const auto json = answer.json();
    EXPECT_TRUE(json.IsObject() && json.HasMember("error") && json["error"].IsString())
        << answer.body.substr(0, 200);
  }
  for (const auto& framing : framings) {
    SCOPED_TRACE(framing.what);
    const auto answer = testing::exchange_until_closed(framing.bytes);
    EXPECT_EQ(answer.status(), framing.status) << answer.received.substr(0, 200);
    EXPECT_NE(answer.body().find("\"error\""), std::string::npos) << answer.received.substr(0, 200);
  }

  EXPECT_EQ(testing::ready_pid(), pid_before) << "the api was restarted: it crashed";
  EXPECT_EQ(entity_log_ends(), log_before) << "a refused request reached the log";
}

TEST(HostileInput, InvalidUtf8InABodyIsABadRequest) {
  HttpClient http(testing::api_url());
  expect_json_error(http.post("/users", "{\"username\":\"x\xC3\x28\",\"email\":\"u@example.com\"}"),
                    400, "encoding");
}

}  // namespace
}  // namespace linkstream
