// Every behaviour of shared/API.md that clients and graders check, over HTTP against the
// running stack. Each test is named for the behaviour it proves.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "support/api_fixtures.h"

namespace linkstream {
namespace {

using testing::create_url;
using testing::create_user;
using testing::HttpClient;
using testing::unique_suffix;

std::vector<std::string> event_types_of(HttpClient& http, std::int64_t url_id) {
  std::vector<std::string> types;
  const auto events = http.get("/events?url_id=" + std::to_string(url_id)).json();
  EXPECT_TRUE(events.IsArray());
  if (!events.IsArray()) return types;
  for (const auto& e : events.GetArray()) types.emplace_back(e["event_type"].GetString());
  return types;
}

std::size_t count_of(const std::vector<std::string>& types, const std::string& type) {
  return static_cast<std::size_t>(std::count(types.begin(), types.end(), type));
}

TEST(Contract, HealthAnswersOk) {
  HttpClient http(testing::api_url());
  const auto response = http.get("/health");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"status":"ok"})");
}

TEST(Contract, TheSameUrlPostedTwiceGetsTwoIdsAndTwoCodes) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  const auto first = create_url(http, user.id, "https://example.com/same");
  const auto second = create_url(http, user.id, "https://example.com/same");
  EXPECT_NE(first.id, second.id);
  EXPECT_NE(first.short_code, second.short_code);
}

TEST(Contract, GeneratedCodesAreSixRandomAlphanumericsAndUnique) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  std::set<std::string> codes;
  std::string previous;
  int shared_prefixes = 0;
  for (int i = 0; i < 20; ++i) {
    const auto url = create_url(http, user.id, "https://example.com/" + std::to_string(i));
    ASSERT_EQ(url.short_code.size(), 6u) << url.short_code;
    for (char c : url.short_code)
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << url.short_code;
    if (!previous.empty() && previous.substr(0, 4) == url.short_code.substr(0, 4))
      ++shared_prefixes;
    previous = url.short_code;
    codes.insert(url.short_code);
  }
  EXPECT_EQ(codes.size(), 20u);
  EXPECT_LT(shared_prefixes, 3) << "consecutive codes look sequential";
}

TEST(Contract, EveryRedirectRecordsExactlyOneClickTheClientCanReadAtOnce) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  const auto url = create_url(http, user.id, "https://example.com/clicked");
  for (int i = 1; i <= 3; ++i) {
    ASSERT_EQ(http.get("/" + url.short_code).status, 302);
    // Read-your-writes: no waiting, the click is there on the next request.
    const auto types = event_types_of(http, url.id);
    EXPECT_EQ(count_of(types, "click"), static_cast<std::size_t>(i));
  }
  ASSERT_EQ(http.get("/urls/" + url.short_code + "/redirect").status, 302) << "the grader's path";
  EXPECT_EQ(count_of(event_types_of(http, url.id), "click"), 4u);
}

TEST(Contract, ARedirectSentAgainUnderItsRequestIdIsOneClick) {
  // What nginx does when a replica dies after spooling a click but before its 302 left:
  // it sends the redirect, with the X-Request-Id it gave it, to the next replica.
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  const auto url = create_url(http, user.id, "https://example.com/retried");
  const std::map<std::string, std::string> attempt = {
      {"X-Request-Id", "retried-" + testing::unique_suffix()}};
  ASSERT_EQ(http.request("GET", "/" + url.short_code, "", attempt).status, 302);
  ASSERT_EQ(http.request("GET", "/" + url.short_code, "", attempt).status, 302);
  ASSERT_EQ(http.get("/" + url.short_code).status, 302);
  // Read-your-writes: the listing waits for this replica's clicks; the repeat is one row.
  EXPECT_EQ(count_of(event_types_of(http, url.id), "click"), 2u);
}

TEST(Contract, HeadAnswersAsGetWithoutTheBodyAndARedirectHeadRecordsNoClick) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  const auto url = create_url(http, user.id, "https://example.com/headed");
  const auto head = http.request("HEAD", "/" + url.short_code, "");
  EXPECT_EQ(head.status, 302);
  EXPECT_EQ(head.header("location"), "https://example.com/headed");
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(count_of(event_types_of(http, url.id), "click"), 0u) << "a HEAD visits nothing";

  const auto path = "/users/" + std::to_string(user.id);
  const auto get = http.get(path);
  const auto head_of_user = http.request("HEAD", path, "");
  EXPECT_EQ(head_of_user.status, 200);
  EXPECT_TRUE(head_of_user.body.empty());
  EXPECT_EQ(head_of_user.header("content-length"), std::to_string(get.body.size()));
  const auto not_allowed = http.request("PATCH", path, "{}");
  EXPECT_NE(not_allowed.header("allow").find("GET, HEAD"), std::string::npos)
      << not_allowed.header("allow");
}

TEST(Contract, OverlongPathsAre414AndErrorsNeverEchoAWholePath) {
  HttpClient http(testing::api_url());
  const auto long_path = http.get("/" + std::string(9000, 'a'));
  EXPECT_EQ(long_path.status, 414);
  EXPECT_TRUE(long_path.json().HasMember("error")) << long_path.body;
  const auto unknown = http.get("/no/" + std::string(5000, 'b') + "/route");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_TRUE(unknown.json().HasMember("error")) << unknown.body;
  EXPECT_LT(unknown.body.size(), 600u) << "the 404 repeats the path it was sent";
}

TEST(Contract, LocationIsByteIdenticalToTheStoredUrl) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  // What is ASCII and allowed is stored as sent; the rest in the one spelling the URL
  // policy gives it (host lower-cased, non-ASCII percent-encoded), which every redirect
  // then repeats byte for byte.
  for (const auto& [sent, stored] : std::vector<std::pair<std::string, std::string>>{
           {"https://example.com/a%20b?q=1&r=%2F#frag", "https://example.com/a%20b?q=1&r=%2F#frag"},
           {"http://example.com:8080/x?y=ü", "http://example.com:8080/x?y=%C3%BC"},
           {"https://EXAMPLE.com/Path/?a=b+c", "https://example.com/Path/?a=b+c"}}) {
    const auto url = create_url(http, user.id, sent);
    EXPECT_EQ(url.original_url, stored) << sent;
    EXPECT_EQ(http.get("/urls/" + std::to_string(url.id)).json()["original_url"].GetString(),
              stored);
    const auto redirect = http.get("/" + url.short_code);
    EXPECT_EQ(redirect.status, 302);
    EXPECT_EQ(redirect.header("location"), stored);
  }
}

TEST(Contract, PrivateAndLoopbackTargetsUserInfoAndBadPortsAre400) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  for (const std::string target :
       {"http://127.0.0.1/admin", "http://2130706433/", "http://[::1]:8080/", "http://localhost/",
        "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
        "https://user:pw@example.com/", "https://example.com:70000/",
        "https://example.com\\@evil.example/"}) {
    std::string quoted = "\"";
    for (const char c : target) quoted += c == '\\' ? std::string("\\\\") : std::string(1, c);
    const auto answer = http.post("/urls", testing::json_body({{"user_id", std::to_string(user.id)},
                                                               {"original_url", quoted + "\""}}));
    EXPECT_EQ(answer.status, 400) << target << ": " << answer.body;
    const auto json = answer.json();
    ASSERT_TRUE(json.IsObject() && json.HasMember("error") && json.HasMember("field"))
        << answer.body;
    EXPECT_STREQ(json["field"].GetString(), "original_url") << answer.body;
  }
}

TEST(Contract, AnswersCarryDateAndNosniffAndRedirectsAreNeverCached) {
  // A cached redirect would skip its click; a JSON error sniffed as HTML could run script.
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  const auto url = create_url(http, user.id, "https://example.com/cached");
  const auto redirect = http.get("/" + url.short_code);
  ASSERT_EQ(redirect.status, 302);
  EXPECT_EQ(redirect.header("cache-control"), "private, no-store");
  for (const auto& answer : {redirect, http.get("/users/" + std::to_string(user.id)),
                             http.get("/no/such/route/here"), http.post("/users", "{")}) {
    EXPECT_EQ(answer.header("x-content-type-options"), "nosniff") << answer.status;
    // An IMF-fixdate: "Tue, 01 Dec 2026 20:51:09 GMT".
    const auto date = answer.header("date");
    EXPECT_EQ(date.size(), 29u) << date;
    EXPECT_EQ(date.substr(date.size() < 3 ? 0 : date.size() - 3), "GMT") << date;
  }
}

TEST(Contract, AnInactiveUrlDoesNotRedirectNorRecordAndRedirectsAgainOnceReactivated) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  const auto url = create_url(http, user.id, "https://example.com/toggle");
  const auto path = "/urls/" + std::to_string(url.id);
  ASSERT_EQ(http.request("PUT", path, R"({"is_active":false})").status, 200);
  const auto refused = http.get("/" + url.short_code);
  EXPECT_EQ(refused.status, 404);
  EXPECT_TRUE(refused.json().HasMember("error"));
  EXPECT_EQ(count_of(event_types_of(http, url.id), "click"), 0u);
  ASSERT_EQ(http.request("PUT", path, R"({"is_active":true})").status, 200);
  EXPECT_EQ(http.get("/" + url.short_code).status, 302);
  EXPECT_EQ(count_of(event_types_of(http, url.id), "click"), 1u);
}

TEST(Contract, ADeletedUrlNoLongerRedirectsAndItsCodeIsNotReused) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  const auto url = create_url(http, user.id, "https://example.com/gone");
  const auto deleted = http.request("DELETE", "/urls/" + std::to_string(url.id), "");
  EXPECT_EQ(deleted.status, 204);
  EXPECT_EQ(http.get("/" + url.short_code).status, 404);
  EXPECT_EQ(http.get("/urls/" + std::to_string(url.id)).status, 404);
  EXPECT_EQ(http.request("DELETE", "/urls/" + std::to_string(url.id), "").status, 404);
  const auto reuse =
      http.post("/urls", testing::json_body({{"user_id", std::to_string(user.id)},
                                             {"original_url", R"("https://example.com/new")"},
                                             {"short_code", "\"" + url.short_code + "\""}}));
  EXPECT_EQ(reuse.status, 409) << "an old link must never lead somewhere new";
}

TEST(Contract, ADeletedUsersUrlsStopRedirecting) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  const auto url = create_url(http, user.id, "https://example.com/owner-gone");
  ASSERT_EQ(http.get("/" + url.short_code).status, 302);
  EXPECT_EQ(http.request("DELETE", "/users/" + std::to_string(user.id), "").status, 204);
  EXPECT_EQ(http.get("/users/" + std::to_string(user.id)).status, 404);
  EXPECT_EQ(http.get("/" + url.short_code).status, 404);
}

TEST(Contract, UrlLifecycleRecordsCreatedUpdatedAndDeletedEvents) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  const auto url = create_url(http, user.id, "https://example.com/life");
  const auto path = "/urls/" + std::to_string(url.id);
  const auto before = http.get(path).json();
  const auto updated = http.request(
      "PUT", path, R"({"title":"Renamed","original_url":"https://example.com/moved"})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  const auto after = updated.json();
  EXPECT_STREQ(after["title"].GetString(), "Renamed");
  EXPECT_STREQ(after["original_url"].GetString(), "https://example.com/moved");
  EXPECT_GT(std::string(after["updated_at"].GetString()),
            std::string(before["updated_at"].GetString()))
      << "PUT bumps updated_at";
  EXPECT_STREQ(after["created_at"].GetString(), before["created_at"].GetString());
  ASSERT_EQ(http.request("DELETE", path, "").status, 204);

  const auto events = http.get("/events?url_id=" + std::to_string(url.id)).json();
  std::map<std::string, std::string> new_values;
  bool created = false, deleted = false;
  for (const auto& e : events.GetArray()) {
    const std::string type = e["event_type"].GetString();
    ASSERT_TRUE(e["details"].IsObject());
    if (type == "created") {
      created = true;
      EXPECT_EQ(e["details"]["short_code"].GetString(), url.short_code);
      EXPECT_STREQ(e["details"]["original_url"].GetString(), "https://example.com/life");
    } else if (type == "updated") {
      new_values[e["details"]["field"].GetString()] = e["details"]["new_value"].GetString();
    } else if (type == "deleted") {
      deleted = true;
    }
  }
  EXPECT_TRUE(created);
  EXPECT_TRUE(deleted);
  EXPECT_EQ(new_values["title"], "Renamed");
  EXPECT_EQ(new_values["original_url"], "https://example.com/moved");
}

TEST(Contract, UsersAreListedReadUpdatedAndDeleted) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  const auto path = "/users/" + std::to_string(user.id);
  const auto renamed = "renamed-" + unique_suffix();
  const auto updated = http.request("PUT", path, R"({"username":")" + renamed + R"("})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json()["username"].GetString(), renamed);
  EXPECT_EQ(updated.json()["email"].GetString(), user.email)
      << "a partial update keeps other fields";
  bool listed = false;
  const auto users = http.get("/users").json();
  for (const auto& u : users.GetArray()) listed |= u["id"].GetInt64() == user.id;
  EXPECT_TRUE(listed);
  EXPECT_EQ(http.request("DELETE", path, "").status, 204);
  EXPECT_EQ(http.request("PUT", path, R"({"username":"x"})").status, 404);
  EXPECT_EQ(http.request("DELETE", path, "").status, 404);
}

TEST(Contract, DuplicateEmailIs409EverywhereAndDuplicateUsernameOnCreateAndUpdate) {
  HttpClient http(testing::api_url());
  const auto first = create_user(http);
  const auto second = create_user(http);
  auto body = [](const std::string& username, const std::string& email) {
    return R"({"username":")" + username + R"(","email":")" + email + R"("})";
  };
  EXPECT_EQ(http.post("/users", body("fresh-" + unique_suffix(), first.email)).status, 409);
  EXPECT_EQ(
      http.post("/users", body(first.username, "fresh-" + unique_suffix() + "@example.com")).status,
      409);
  const auto path = "/users/" + std::to_string(second.id);
  EXPECT_EQ(http.request("PUT", path, R"({"email":")" + first.email + R"("})").status, 409);
  EXPECT_EQ(http.request("PUT", path, R"({"username":")" + first.username + R"("})").status, 409);
  EXPECT_EQ(http.request("PUT", path, R"({"email":")" + second.email + R"("})").status, 200)
      << "keeping one's own e-mail is no conflict";
}

TEST(Contract, InvalidBodiesAre400WithAJsonError) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  const auto url = create_url(http, user.id, "https://example.com/valid");
  const std::string uid = std::to_string(user.id);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/users", "[]"},
      {"/users", "\"text\""},
      {"/users", "{"},
      {"/users", R"({"username":"only-name"})"},
      {"/users", R"({"username":12,"email":"a@b.co"})"},
      {"/users", R"({"username":"x","email":"no-at.example.com"})"},
      {"/users", R"({"username":"x","email":"no-dot@example"})"},
      {"/urls", R"({"user_id":true,"original_url":"https://example.com"})"},
      {"/urls", R"({"user_id":")" + uid + R"(","original_url":"https://example.com"})"},
      {"/urls", R"({"user_id":)" + uid + R"(,"original_url":"hello"})"},
      {"/urls", R"({"user_id":)" + uid + R"(,"original_url":"example.com"})"},
      {"/urls", R"({"user_id":)" + uid + R"(,"original_url":"ftp://x"})"},
      {"/urls", R"({"user_id":)" + uid + R"(,"original_url":""})"},
      {"/urls", R"({"user_id":)" + uid + R"(,"original_url":"   "})"},
      {"/urls", R"({"user_id":)" + uid + R"(,"original_url":"https://exa mple.com"})"},
      {"/urls", R"({"user_id":)" + uid + R"(,"original_url":"https://example.com/\u0007"})"},
      {"/urls", R"({"user_id":)" + uid + R"(,"original_url":"https://example.com","title":5})"},
      {"/events", R"({"url_id":)" + std::to_string(url.id) + R"(,"user_id":)" + uid +
                      R"(,"event_type":"click","details":"not an object"})"},
      {"/events",
       R"({"url_id":)" + std::to_string(url.id) + R"(,"user_id":)" + uid + R"(,"details":{}})"},
  };
  for (const auto& [path, body] : cases) {
    const auto response = http.post(path, body);
    EXPECT_EQ(response.status, 400) << path << " " << body << " -> " << response.body;
    const auto json = response.json();
    EXPECT_TRUE(json.IsObject() && json.HasMember("error") && json["error"].IsString())
        << response.body;
  }
  for (const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
           {"/users/" + uid, R"({"email":"broken"})"},
           {"/users/" + uid, "[1]"},
           {"/urls/" + std::to_string(url.id), R"({"is_active":"yes"})"},
           {"/urls/" + std::to_string(url.id), R"({"original_url":"nope"})"}}) {
    const auto response = http.request("PUT", path, body);
    EXPECT_EQ(response.status, 400) << path << " " << body << " -> " << response.body;
  }
}

TEST(Contract, UnknownReferencesAre404) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  const auto url = create_url(http, user.id, "https://example.com/ref");
  EXPECT_EQ(
      http.post("/urls", R"({"user_id":987654321,"original_url":"https://example.com"})").status,
      404);
  EXPECT_EQ(http.post("/events", R"({"url_id":987654321,"user_id":)" + std::to_string(user.id) +
                                     R"(,"event_type":"view","details":{}})")
                .status,
            404);
  EXPECT_EQ(http.post("/events", R"({"url_id":)" + std::to_string(url.id) +
                                     R"(,"user_id":987654321,"event_type":"view","details":{}})")
                .status,
            404);
  EXPECT_EQ(http.get("/users/987654321").status, 404);
  EXPECT_EQ(http.get("/urls/987654321").status, 404);
  EXPECT_EQ(http.get("/urls/987654321/stats").status, 404);
  EXPECT_EQ(http.get("/nosuchcode").status, 404);
}

TEST(Contract, PostedEventsAreReturnedAndListedWithObjectDetails) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  const auto url = create_url(http, user.id, "https://example.com/evented");
  const auto created =
      http.post("/events", R"({"url_id":)" + std::to_string(url.id) + R"(,"user_id":)" +
                               std::to_string(user.id) +
                               R"(,"event_type":"shared","details":{"via":"mail","n":2}})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto event = created.json();
  EXPECT_LT(event["id"].GetInt64(), (std::int64_t{1} << 53));
  EXPECT_STREQ(event["event_type"].GetString(), "shared");
  EXPECT_STREQ(event["details"]["via"].GetString(), "mail");
  const auto listed =
      http.get("/events?url_id=" + std::to_string(url.id) + "&event_type=shared").json();
  ASSERT_EQ(listed.Size(), 1u);
  EXPECT_EQ(listed[0]["id"].GetInt64(), event["id"].GetInt64());
  EXPECT_EQ(listed[0]["details"]["n"].GetInt(), 2);
  EXPECT_EQ(listed[0]["user_id"].GetInt64(), user.id);
}

TEST(Contract, StatsCountClicksByDayReferrerAndVisitor) {
  HttpClient http(testing::api_url());
  const auto user = create_user(http);
  const auto url = create_url(http, user.id, "https://example.com/stats");
  for (int i = 0; i < 3; ++i)
    http.request("GET", "/" + url.short_code, "", {{"Referer", "https://news.example/"}});
  // The test stack's api trusts no proxy: a client's own X-Forwarded-For is a claim, and
  // does not make it another visitor (RateLimits.* shows a trusted proxy's does).
  http.request("GET", "/" + url.short_code, "", {{"X-Forwarded-For", "203.0.113.9"}});
  const auto response = http.get("/urls/" + std::to_string(url.id) + "/stats");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto stats = response.json();
  EXPECT_EQ(stats["total_clicks"].GetInt(), 4);
  EXPECT_EQ(stats["unique_visitors"].GetInt(), 1) << "one client address, whatever it claims";
  ASSERT_EQ(stats["clicks_by_day"].Size(), 1u);
  EXPECT_EQ(stats["clicks_by_day"][0]["clicks"].GetInt(), 4);
  ASSERT_GE(stats["top_referrers"].Size(), 1u);
  EXPECT_STREQ(stats["top_referrers"][0]["referrer"].GetString(), "https://news.example/");
  EXPECT_EQ(stats["top_referrers"][0]["clicks"].GetInt(), 3);
  EXPECT_EQ(response.body.find("203.0.113.9"), std::string::npos) << "never the raw address";
}

TEST(Contract, ErrorsAreJsonForUnknownRoutesWrongMethodsAndLargeBodies) {
  HttpClient http(testing::api_url());
  const auto unknown = http.get("/users/1/nothing/here");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.header("content-type"), "application/json");
  const auto wrong = http.request("PATCH", "/users", "{}");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_TRUE(wrong.json().HasMember("error"));
  const auto large = http.post("/urls", std::string(3 << 20, 'x'));
  EXPECT_EQ(large.status, 413);
  EXPECT_TRUE(large.json().HasMember("error"));
}

TEST(Contract, BulkImportWithoutAFileIs400AndBadRowsAreReportedByLine) {
  HttpClient http(testing::api_url());
  EXPECT_EQ(http.post("/users/bulk", "").status, 400);
  const auto name = unique_suffix();
  const std::string csv = "username,email\r\n" + name + "-a," + name + "-a@example.com\r\n" + name +
                          "-b,not-an-email\r\n\"" + name + "-c, quoted\"," + name +
                          "-c@example.com\r\n";
  const auto response = http.request("POST", "/users/bulk", csv, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(response.status, 201) << response.body;
  const auto report = response.json();
  EXPECT_EQ(report["rows"].GetInt(), 3);
  EXPECT_EQ(report["imported"].GetInt(), 2);
  ASSERT_EQ(report["errors"].Size(), 1u);
  EXPECT_EQ(report["errors"][0]["line"].GetInt(), 3);
}

TEST(Contract, AdminEndpointsNeedTheToken) {
  HttpClient http(testing::api_url());
  EXPECT_EQ(http.get("/logs").status, 401);
  EXPECT_EQ(http.post("/chaos", "{}").status, 401);
  const auto token = testing::required_env("LINKSTREAM_TEST_ADMIN_TOKEN");
  const auto logs =
      http.request("GET", "/logs?level=info&limit=5", "", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(logs.status, 200) << logs.body;
  const auto lines = logs.json();
  ASSERT_TRUE(lines.IsArray());
  EXPECT_LE(lines.Size(), 5u);
  EXPECT_GE(lines.Size(), 1u);
}

TEST(Contract, ReadinessReportsTheViewAndTheProjection) {
  HttpClient http(testing::api_url());
  const auto response = http.get("/health/ready");
  EXPECT_EQ(response.status, 200) << response.body;
  const auto ready = response.json();
  EXPECT_TRUE(ready["view"]["caught_up"].GetBool());
  EXPECT_TRUE(ready["projection"]["postgres_reachable"].GetBool());
}

}  // namespace
}  // namespace linkstream
