// Idempotency-Key on creates, as a client that retries uses it: the same key again returns
// what the first request created (not a second entity, not a 409 against its own write);
// the key with another body is refused; a key that is not one is a 400. A keyed bulk import
// sent again is the first import again, whatever multipart boundary the retry carries.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "support/api_fixtures.h"

namespace linkstream {
namespace {

using testing::HttpClient;
using testing::unique_suffix;

std::map<std::string, std::string> keyed(const std::string& key) {
  return {{"Content-Type", "application/json"}, {"Idempotency-Key", key}};
}

TEST(IdempotencyKey, ARetriedUserCreateReturnsTheFirstUserNotA409) {
  HttpClient http(testing::api_url());
  const auto name = "keyed-" + unique_suffix();
  const auto body = R"({"username":")" + name + R"(","email":")" + name + R"(@example.com"})";
  const auto key = "retry-" + unique_suffix();
  const auto first = http.request("POST", "/users", body, keyed(key));
  ASSERT_EQ(first.status, 201) << first.body;
  const auto again = http.request("POST", "/users", body, keyed(key));
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json()["id"].GetInt64(), first.json()["id"].GetInt64());
  EXPECT_EQ(again.body, first.body);
  // Without the key the same body is a second request, and the e-mail is taken by the first.
  EXPECT_EQ(http.post("/users", body).status, 409);
}

TEST(IdempotencyKey, ARetriedUrlCreateReturnsTheFirstUrlAndItsCode) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto body = R"({"user_id":)" + std::to_string(user.id) +
                    R"(,"original_url":"https://example.com/keyed"})";
  const auto key = "retry-" + unique_suffix();
  const auto first = http.request("POST", "/urls", body, keyed(key));
  ASSERT_EQ(first.status, 201) << first.body;
  const auto again = http.request("POST", "/urls", body, keyed(key));
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json()["id"].GetInt64(), first.json()["id"].GetInt64());
  EXPECT_STREQ(again.json()["short_code"].GetString(), first.json()["short_code"].GetString());
  // Another request under a fresh key is another URL (with another random code).
  const auto other = http.request("POST", "/urls", body, keyed("other-" + unique_suffix()));
  ASSERT_EQ(other.status, 201) << other.body;
  EXPECT_NE(other.json()["id"].GetInt64(), first.json()["id"].GetInt64());
}

TEST(IdempotencyKey, TheSameKeyWithAnotherBodyIsRefusedAs422) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto key = "reused-" + unique_suffix();
  const auto url = [&](const std::string& target) {
    return R"({"user_id":)" + std::to_string(user.id) + R"(,"original_url":")" + target + R"("})";
  };
  ASSERT_EQ(http.request("POST", "/urls", url("https://example.com/a"), keyed(key)).status, 201);
  const auto reused = http.request("POST", "/urls", url("https://example.com/b"), keyed(key));
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_NE(reused.body.find("Idempotency-Key"), std::string::npos) << reused.body;
}

TEST(IdempotencyKey, AKeyThatIsNotOneIsA400NamingTheHeader) {
  HttpClient http(testing::api_url());
  const auto name = "badkey-" + unique_suffix();
  const auto body = R"({"username":")" + name + R"(","email":")" + name + R"(@example.com"})";
  for (const auto& key : {std::string(256, 'k'), std::string("two words")}) {
    const auto answer = http.request("POST", "/users", body, keyed(key));
    EXPECT_EQ(answer.status, 400) << key;
    EXPECT_NE(answer.body.find("Idempotency-Key"), std::string::npos) << answer.body;
  }
  EXPECT_EQ(http.post("/users", body).status, 201) << "nothing was written for the bad keys";
}

// A CSV upload as curl -F sends it: multipart, with a boundary of its own each time.
std::map<std::string, std::string> upload(const std::string& key, const std::string& boundary) {
  return {{"Content-Type", "multipart/form-data; boundary=" + boundary}, {"Idempotency-Key", key}};
}

std::string multipart(const std::string& csv, const std::string& boundary) {
  return "--" + boundary +
         "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rows.csv\"\r\n"
         "Content-Type: text/csv\r\n\r\n" +
         csv + "\r\n--" + boundary + "--\r\n";
}

TEST(IdempotencyKey, ARetriedUserImportReportsTheFirstRowsAndCreatesNoSecondUsers) {
  // Rows without ids get new ids in every import: without a key, a re-sent file is a second
  // import (whose rows find their e-mails taken); with the key it is the first one again.
  HttpClient http(testing::api_url());
  const auto name = "bulk-" + unique_suffix();
  const std::string csv = "username,email\n" + name + "-a," + name + "-a@example.com\n" + name +
                          "-b," + name + "-b@example.com\n";
  const auto key = "import-" + unique_suffix();
  const auto first =
      http.request("POST", "/users/bulk", multipart(csv, "first-try"), upload(key, "first-try"));
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json()["imported"].GetInt(), 2) << first.body;
  const auto again =
      http.request("POST", "/users/bulk", multipart(csv, "second-try"), upload(key, "second-try"));
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.body, first.body) << "the same file under the same key is the same import";
  const auto unkeyed = http.request("POST", "/users/bulk", csv, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(unkeyed.status, 201) << unkeyed.body;
  EXPECT_EQ(unkeyed.json()["imported"].GetInt(), 0) << "the users exist once: " << unkeyed.body;
  EXPECT_EQ(unkeyed.json()["errors"].Size(), 2u) << unkeyed.body;
}

TEST(IdempotencyKey, ARetriedUrlImportCreatesNoSecondUrls) {
  // No ids and no codes in the file: every import of it would make new URLs.
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto owner = std::to_string(user.id);
  const std::string csv = "user_id,original_url\n" + owner + ",https://example.com/1\n" + owner +
                          ",https://example.com/2\n" + owner + ",not a url\n";
  const auto key = "import-" + unique_suffix();
  const auto first = http.request("POST", "/urls/bulk", multipart(csv, "b1"), upload(key, "b1"));
  ASSERT_EQ(first.status, 201) << first.body;
  const auto again = http.request("POST", "/urls/bulk", multipart(csv, "b2"), upload(key, "b2"));
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(first.json()["imported"].GetInt(), 2) << first.body;
  EXPECT_EQ(http.get("/urls?user_id=" + owner).json().Size(), 2u);
}

TEST(IdempotencyKey, AnImportKeyUsedWithAnotherFileIsRefusedAs422) {
  HttpClient http(testing::api_url());
  const auto name = "bulk-" + unique_suffix();
  const auto key = "import-" + unique_suffix();
  const auto row = [&](const std::string& who) {
    return "username,email\n" + name + who + "," + name + who + "@example.com\n";
  };
  ASSERT_EQ(http.request("POST", "/users/bulk", multipart(row("a"), "b"), upload(key, "b")).status,
            201);
  const auto reused =
      http.request("POST", "/users/bulk", multipart(row("b"), "b"), upload(key, "b"));
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_NE(reused.body.find("Idempotency-Key"), std::string::npos) << reused.body;
  const auto bad = http.request("POST", "/events/bulk", multipart(row("c"), "b"),
                                upload(std::string(256, 'k'), "b"));
  EXPECT_EQ(bad.status, 400) << bad.body;
}

}  // namespace
}  // namespace linkstream
