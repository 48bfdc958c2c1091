// GET /urls/{id}/history and GET /urls/{id}?as_of= (#11 item 2) against the sequence of
// writes that made a URL's versions: each version is what the write answered at the time,
// each as_of answers the version then in effect, each version counts the clicks served
// while it was in effect, and a deleted URL keeps its history.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <string>
#include <vector>

#include "linkstream/schema/timestamp.h"
#include "support/api_fixtures.h"
#include "support/eventually.h"

namespace linkstream {
namespace {

using testing::HttpClient;
using testing::text_of;

// The log's times are whole seconds: a write after this returns has a later time than
// everything done before it, so each version's clicks are told apart by time alone.
void wait_for_the_next_second() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  ASSERT_TRUE(testing::eventually(
      [now] { return std::chrono::system_clock::now() >= now + std::chrono::seconds(1); },
      std::chrono::seconds(3)));
}

// One version as the writes saw it.
struct Expected {
  std::string event_type;
  std::vector<std::string> changed;
  bool deleted = false;
  std::string url;  // the URL's JSON as the write answered it (for a deletion: the last one)
  std::string valid_from;
  int clicks = 0;
};

void redirect(HttpClient& http, const std::string& code, int times) {
  for (int i = 0; i < times; ++i) ASSERT_EQ(http.get("/" + code).status, 302);
}

std::vector<std::string> strings_of(const rapidjson::Value& array) {
  std::vector<std::string> strings;
  for (const auto& item : array.GetArray()) strings.emplace_back(item.GetString());
  return strings;
}

std::string field_of(const std::string& json, const char* field) {
  rapidjson::Document document;
  document.Parse(json.c_str());
  return document[field].GetString();
}

TEST(UrlHistory, EveryWriteIsAVersionAndAsOfAnswersTheVersionThenInEffect) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto created = http.post("/urls", R"({"user_id":)" + std::to_string(user.id) +
                                              R"(,"original_url":"https://example.com/history/1",)"
                                              R"("title":"first"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json()["id"].GetInt64();
  const auto code = std::string(created.json()["short_code"].GetString());
  const auto path = "/urls/" + std::to_string(id);
  const std::vector<std::string> every_field = {"user_id", "short_code", "original_url", "title",
                                                "is_active"};
  std::vector<Expected> expected;
  expected.push_back({"UrlCreated", every_field, false, text_of(created.json()),
                      field_of(created.body, "created_at"), 2});
  redirect(http, code, 2);

  // Each update in a second of its own, its clicks after it.
  struct Update {
    std::string body;
    std::vector<std::string> changed;
    int clicks;  // served while it is in effect (none while inactive)
  };
  for (const auto& update :
       std::vector<Update>{{R"({"title":"second"})", {"title"}, 3},
                           {R"({"original_url":"https://example.com/history/3","is_active":false})",
                            {"original_url", "is_active"},
                            0},
                           {R"({"is_active":true,"title":"second"})", {"is_active"}, 1}}) {
    wait_for_the_next_second();
    const auto answer = http.request("PUT", path, update.body);
    ASSERT_EQ(answer.status, 200) << answer.body;
    expected.push_back({"UrlUpdated", update.changed, false, text_of(answer.json()),
                        field_of(answer.body, "updated_at"), update.clicks});
    redirect(http, code, update.clicks);
  }
  wait_for_the_next_second();
  const auto deleted_at = schema::format_timestamp(schema::now());
  ASSERT_EQ(http.request("DELETE", path, "").status, 204);
  expected.push_back({"UrlDeleted", {}, true, expected.back().url, deleted_at, 0});
  // The deletion's time is the api's: at most a second after the one read here.
  ASSERT_EQ(http.get(path).status, 404);

  // The history, read after this client's own writes: nothing to wait for.
  const auto answer = http.get(path + "/history");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.header("x-linkstream-stale"), "");
  const auto history = answer.json();
  EXPECT_EQ(history["url_id"].GetInt64(), id);
  EXPECT_EQ(history["short_code"].GetString(), code);
  ASSERT_EQ(history["total_versions"].GetInt64(), static_cast<std::int64_t>(expected.size()));
  const auto& versions = history["versions"];
  ASSERT_EQ(versions.Size(), expected.size()) << answer.body;
  std::int64_t last_offset = -1;
  int total_clicks = 0;
  for (rapidjson::SizeType i = 0; i < versions.Size(); ++i) {
    const auto& version = versions[i];
    const auto& want = expected[i];
    SCOPED_TRACE("version " + std::to_string(i + 1) + ": " + text_of(version));
    EXPECT_EQ(version["version"].GetInt64(), i + 1);
    EXPECT_EQ(version["event"]["type"].GetString(), want.event_type);
    EXPECT_STREQ(version["event"]["topic"].GetString(), "linkstream.urls");
    EXPECT_GT(version["event"]["offset"].GetInt64(), last_offset) << "in log order";
    last_offset = version["event"]["offset"].GetInt64();
    EXPECT_EQ(strings_of(version["changed"]), want.changed);
    EXPECT_EQ(version["deleted"].GetBool(), want.deleted);
    EXPECT_EQ(text_of(version["url"]), want.url);
    if (want.deleted) {
      EXPECT_GE(std::string(version["valid_from"].GetString()), want.valid_from);
    } else {
      EXPECT_EQ(version["valid_from"].GetString(), want.valid_from);
    }
    if (i + 1 < versions.Size()) {
      EXPECT_EQ(text_of(version["valid_until"]), text_of(versions[i + 1]["valid_from"]));
    } else {
      EXPECT_TRUE(version["valid_until"].IsNull());
    }
    EXPECT_EQ(version["clicks"].GetInt64(), want.clicks);
    total_clicks += want.clicks;
  }
  EXPECT_EQ(testing::clicks_in_postgres(id).distinct_clicks, total_clicks);

  // As of each version's start, and of a second before the next: that version.
  for (std::size_t i = 0; i + 1 < expected.size(); ++i) {
    const std::string from =
        versions[static_cast<rapidjson::SizeType>(i)]["valid_from"].GetString();
    const auto as_of = http.get(path + "?as_of=" + from);
    ASSERT_EQ(as_of.status, 200) << from << ": " << as_of.body;
    EXPECT_EQ(text_of(as_of.json()), expected[i].url) << "as of " << from;
    const auto until = schema::parse_timestamp(
        versions[static_cast<rapidjson::SizeType>(i)]["valid_until"].GetString());
    const auto just_before =
        http.get(path + "?as_of=" + schema::format_timestamp(*until - std::chrono::seconds(1)));
    EXPECT_EQ(text_of(just_before.json()), expected[i].url) << "a second before version " << i + 2;
  }
  // The same instant with an RFC 3339 offset (the + encoded, as a client's library does).
  const auto second = schema::parse_timestamp(versions[1]["valid_from"].GetString());
  const auto local = schema::format_timestamp(*second + std::chrono::hours(1));
  const auto with_offset = http.get(path + "?as_of=" + local + "%2B01:00");
  EXPECT_EQ(text_of(with_offset.json()), expected[1].url) << with_offset.body;

  // Before it existed and after its deletion: 404s that say which.
  const auto created_at = schema::parse_timestamp(expected.front().valid_from);
  const auto before = http.get(
      path + "?as_of=" + schema::format_timestamp(*created_at - std::chrono::seconds(1)) + "Z");
  EXPECT_EQ(before.status, 404);
  EXPECT_NE(before.body.find("did not exist yet"), std::string::npos) << before.body;
  const auto after = http.get(path + "?as_of=" + versions[4]["valid_from"].GetString());
  EXPECT_EQ(after.status, 404);
  EXPECT_NE(after.body.find("deleted"), std::string::npos) << after.body;

  // Pages keep the versions' numbers.
  const auto page = http.get(path + "/history?page=2&per_page=2").json();
  ASSERT_EQ(page["versions"].Size(), 2u);
  EXPECT_EQ(page["versions"][0]["version"].GetInt64(), 3);
  EXPECT_EQ(page["versions"][1]["version"].GetInt64(), 4);
  EXPECT_EQ(page["total_versions"].GetInt64(), 5);
}

TEST(UrlHistory, WhatIsNotATimeOrAUrlIsRefusedWithAJsonError) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/history/refused");
  const auto path = "/urls/" + std::to_string(url.id);
  for (const char* as_of : {"yesterday", "2026-02-30T00:00:00Z", "1764698671", ""}) {
    const auto refused = http.get(path + "?as_of=" + as_of);
    EXPECT_EQ(refused.status, 400) << as_of;
    EXPECT_STREQ(refused.json()["field"].GetString(), "as_of") << refused.body;
  }
  const auto never = http.get("/urls/999999999999/history");
  EXPECT_EQ(never.status, 404);
  EXPECT_TRUE(never.json().HasMember("error")) << never.body;
  EXPECT_EQ(http.get("/urls/999999999999?as_of=2026-12-02T00:00:00Z").status, 404);
}

}  // namespace
}  // namespace linkstream
