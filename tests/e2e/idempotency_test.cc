// Idempotency-Key on creates, as a client that retries uses it: the same key again returns
// what the first request created (not a second entity, not a 409 against its own write);
// the key with another body is refused; a key that is not one is a 400.

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

}  // namespace
}  // namespace linkstream
