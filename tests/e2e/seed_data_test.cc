// The hackathon team's real data set (shared/data/mlh-seed) imported through the api and
// read back: the first tests on a fresh stack (a CTest fixture), so the file's ids are free.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "import/csv_reader.h"
#include "support/api_fixtures.h"

namespace linkstream {
namespace {

using testing::HttpClient;

std::string seed_file(const std::string& name) {
  const auto dir = testing::required_env("LINKSTREAM_TEST_SEED_DIR");
  std::ifstream in(dir + "/" + name, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << dir << "/" << name;
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// The rows of a seed file as maps from column name to value.
std::vector<std::map<std::string, std::string>> seed_rows(const std::string& name) {
  const auto table = api::read_csv(seed_file(name));
  std::vector<std::map<std::string, std::string>> rows;
  for (const auto& row : table.rows) {
    std::map<std::string, std::string> fields;
    for (std::size_t i = 0; i < table.header.size() && i < row.fields.size(); ++i)
      fields[table.header[i]] = row.fields[i];
    rows.push_back(std::move(fields));
  }
  return rows;
}

testing::HttpResponse upload(HttpClient& http, const std::string& path,
                             const std::string& file_name) {
  const std::string boundary = "linkstream-test-boundary";
  const std::string body = "--" + boundary +
                           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
                           file_name + "\"\r\nContent-Type: text/csv\r\n\r\n" +
                           seed_file(file_name) + "\r\n--" + boundary + "--\r\n";
  return http.request("POST", path, body,
                      {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
}

std::string iso(std::string seed_time) {
  if (seed_time.size() > 10) seed_time[10] = 'T';
  return seed_time;
}

// Imports the three files (a no-op when they are in already) and checks each report.
void import_seed(HttpClient& http) {
  const std::pair<const char*, std::size_t> files[] = {
      {"users.csv", 400}, {"urls.csv", 2000}, {"events.csv", 3422}};
  const char* paths[] = {"/users/bulk", "/urls/bulk", "/events/bulk"};
  for (int i = 0; i < 3; ++i) {
    const auto response = upload(http, paths[i], files[i].first);
    ASSERT_EQ(response.status, 201) << files[i].first << ": " << response.body;
    const auto report = response.json();
    EXPECT_EQ(report["count"].GetUint64(), files[i].second) << response.body.substr(0, 500);
    EXPECT_EQ(report["imported"].GetUint64(), files[i].second);
    EXPECT_EQ(report["errors"].Size(), 0u) << response.body.substr(0, 500);
  }
}

TEST(SeedData, EveryRowOfTheThreeFilesIsImported) {
  HttpClient http(testing::api_url());
  import_seed(http);
}

TEST(SeedData, UsersReadBackAsTheirCsvRows) {
  HttpClient http(testing::api_url());
  import_seed(http);
  for (const auto& row : seed_rows("users.csv")) {
    const auto response = http.get("/users/" + row.at("id"));
    ASSERT_EQ(response.status, 200) << row.at("id");
    const auto user = response.json();
    EXPECT_EQ(user["username"].GetString(), row.at("username"));
    EXPECT_EQ(user["email"].GetString(), row.at("email"));
    EXPECT_EQ(user["created_at"].GetString(), iso(row.at("created_at")));
  }
}

TEST(SeedData, UrlsReadBackAsTheirCsvRowsAndRedirectWhenActive) {
  HttpClient http(testing::api_url());
  import_seed(http);
  const auto rows = seed_rows("urls.csv");
  for (std::size_t i = 0; i < rows.size(); i += 97) {  // a spread of rows, inactive ones among them
    const auto& row = rows[i];
    const auto url = http.get("/urls/" + row.at("id")).json();
    ASSERT_TRUE(url.IsObject()) << row.at("id");
    EXPECT_EQ(url["short_code"].GetString(), row.at("short_code"));
    EXPECT_EQ(url["original_url"].GetString(), row.at("original_url"));
    EXPECT_EQ(url["title"].GetString(), row.at("title"));
    EXPECT_EQ(url["user_id"].GetInt64(), std::stoll(row.at("user_id")));
    EXPECT_EQ(url["is_active"].GetBool(), row.at("is_active") == "True");
    EXPECT_EQ(url["created_at"].GetString(), iso(row.at("created_at")));
    EXPECT_EQ(url["updated_at"].GetString(), iso(row.at("updated_at")));
    const auto redirect = http.get("/" + row.at("short_code"));
    if (row.at("is_active") == "True") {
      EXPECT_EQ(redirect.status, 302);
      EXPECT_EQ(redirect.header("location"), row.at("original_url"));
    } else {
      EXPECT_EQ(redirect.status, 404) << "an inactive URL must not redirect";
    }
  }
}

TEST(SeedData, EventsReadBackWithTheirIdsAndDetailsAsObjects) {
  HttpClient http(testing::api_url());
  import_seed(http);
  std::map<std::string, std::map<std::string, std::string>> by_id;
  for (auto& row : seed_rows("events.csv")) by_id[row.at("id")] = row;
  const auto events = http.get("/events?event_type=updated").json();
  ASSERT_TRUE(events.IsArray());
  std::size_t updated_in_csv = 0;
  for (const auto& [id, row] : by_id) updated_in_csv += row.at("event_type") == "updated";
  EXPECT_EQ(events.Size(), updated_in_csv);
  for (const auto& event : events.GetArray()) {
    const auto& row = by_id.at(std::to_string(event["id"].GetInt64()));
    EXPECT_EQ(event["url_id"].GetInt64(), std::stoll(row.at("url_id")));
    EXPECT_EQ(event["timestamp"].GetString(), iso(row.at("timestamp")));
    ASSERT_TRUE(event["details"].IsObject());
    EXPECT_NE(row.at("details").find(event["details"]["field"].GetString()), std::string::npos);
  }
}

TEST(SeedData, ImportingTheSameFilesAgainChangesNothing) {
  HttpClient http(testing::api_url());
  import_seed(http);
  const auto users_before = http.get("/users").body;
  const auto urls_before = http.get("/urls?user_id=1").body;
  const auto events_before = http.get("/events?url_id=1").body;
  import_seed(http);
  EXPECT_EQ(http.get("/users").body, users_before);
  EXPECT_EQ(http.get("/urls?user_id=1").body, urls_before);
  EXPECT_EQ(http.get("/events?url_id=1").body, events_before);
}

TEST(SeedData, CreatesContinueAfterTheHighestImportedId) {
  HttpClient http(testing::api_url());
  import_seed(http);
  std::int64_t highest = 0;
  const auto users = http.get("/users").json();
  for (const auto& user : users.GetArray()) highest = std::max(highest, user["id"].GetInt64());
  EXPECT_GE(highest, 400);
  EXPECT_EQ(testing::create_user(http).id, highest + 1);
}

TEST(SeedData, PaginationFollowsTheContract) {
  HttpClient http(testing::api_url());
  import_seed(http);
  const auto all = http.get("/users").json();
  ASSERT_GE(all.Size(), 400u) << "no page parameters: every row";
  const auto page2 = http.get("/users?page=2&per_page=50").json();
  ASSERT_EQ(page2.Size(), 50u);
  EXPECT_EQ(page2[0]["id"].GetInt64(), all[50]["id"].GetInt64())
      << "page starts at 1, ascending id";
  EXPECT_EQ(http.get("/users?page=0&per_page=10").body, http.get("/users?page=1&per_page=10").body)
      << "page < 1 reads as 1";
  EXPECT_EQ(http.get("/urls?per_page=5000").json().Size(), 1000u) << "per_page is capped at 1000";
  EXPECT_EQ(http.get("/users?page=1000&per_page=50").body, "[]") << "a page past the end is empty";
  EXPECT_EQ(http.get("/events?page=2&per_page=100").json().Size(), 100u);
  EXPECT_EQ(http.get("/users?page=abc").status, 400);
}

TEST(SeedData, FiltersMatchTheCsv) {
  HttpClient http(testing::api_url());
  import_seed(http);
  const auto rows = seed_rows("urls.csv");
  std::map<std::string, std::size_t> per_user;
  std::size_t inactive = 0;
  for (const auto& row : rows) {
    ++per_user[row.at("user_id")];
    inactive += row.at("is_active") == "False";
  }
  for (const char* user : {"1", "28", "360"}) {
    const auto urls = http.get(std::string("/urls?user_id=") + user).json();
    EXPECT_EQ(urls.Size(), per_user[user]) << "user " << user;
    for (const auto& url : urls.GetArray()) EXPECT_EQ(url["user_id"].GetInt64(), std::stoll(user));
  }
  EXPECT_EQ(http.get("/urls?is_active=false").json().Size(), inactive);
  EXPECT_EQ(http.get("/urls?is_active=maybe").status, 400);
  std::size_t deleted = 0;
  for (const auto& row : seed_rows("events.csv")) deleted += row.at("event_type") == "deleted";
  EXPECT_EQ(http.get("/events?event_type=deleted").json().Size(), deleted);
  const auto of_url = http.get("/events?url_id=1&user_id=1").json();
  ASSERT_GE(of_url.Size(), 1u);
  for (const auto& e : of_url.GetArray()) EXPECT_EQ(e["url_id"].GetInt64(), 1);
}

}  // namespace
}  // namespace linkstream
