// The Idempotency-Key's event id and request digest (domain/idempotency.h).
#include "domain/idempotency.h"

#include <gtest/gtest.h>

#include <regex>

namespace linkstream::api {
namespace {

TEST(IdempotencyKey, EveryAttemptOfOneKeyedRequestHasTheSameEventIdAndDigest) {
  const auto first = make_idempotency_key("POST /users", "k-1", R"({"a":1})", nullptr);
  const auto retry = make_idempotency_key("POST /users", "k-1", R"({"a":1})", nullptr);
  ASSERT_TRUE(first && retry);
  EXPECT_EQ(first->event_id, retry->event_id);
  EXPECT_EQ(first->digest, retry->digest);
  // A version 5 UUID, as the envelope's id pattern wants.
  EXPECT_TRUE(std::regex_match(first->event_id,
                               std::regex("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                          "[0-9a-f]{12}")))
      << first->event_id;
  EXPECT_TRUE(std::regex_match(first->digest, std::regex("[0-9a-f]{64}")));
}

TEST(IdempotencyKey, AnotherKeyRouteOrBodyIsAnotherRequest) {
  const auto base = *make_idempotency_key("POST /users", "k-1", "{}", nullptr);
  EXPECT_NE(make_idempotency_key("POST /users", "k-2", "{}", nullptr)->event_id, base.event_id);
  EXPECT_NE(make_idempotency_key("POST /urls", "k-1", "{}", nullptr)->event_id, base.event_id)
      << "one key on two routes names two requests";
  const auto other_body = *make_idempotency_key("POST /users", "k-1", "{ }", nullptr);
  EXPECT_EQ(other_body.event_id, base.event_id) << "the key names the request";
  EXPECT_NE(other_body.digest, base.digest) << "the digest tells a reused key";
}

TEST(IdempotencyKey, EachRowOfAKeyedImportHasAnIdOfItsOwnTheSameInEveryAttempt) {
  const auto import = *make_idempotency_key("POST /users/bulk", "k-1", "id,username\n", nullptr);
  const auto row2 = row_idempotency_key(import, 2);
  EXPECT_EQ(row_idempotency_key(import, 2).event_id, row2.event_id);
  EXPECT_NE(row_idempotency_key(import, 3).event_id, row2.event_id);
  EXPECT_NE(row2.event_id, import.event_id);
  EXPECT_EQ(row2.digest, import.digest) << "a row's digest is its file's";
  EXPECT_TRUE(std::regex_match(row2.event_id,
                               std::regex("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                          "[0-9a-f]{12}")))
      << row2.event_id;
}

TEST(IdempotencyKey, KeysThatAreEmptyTooLongOrNotVisibleAsciiAreRefused) {
  std::string error;
  EXPECT_FALSE(make_idempotency_key("POST /users", "", "{}", &error));
  EXPECT_NE(error.find("1 to 255"), std::string::npos) << error;
  EXPECT_FALSE(make_idempotency_key("POST /users", std::string(256, 'k'), "{}", &error));
  EXPECT_TRUE(make_idempotency_key("POST /users", std::string(255, 'k'), "{}", &error));
  EXPECT_FALSE(make_idempotency_key("POST /users", "two words", "{}", &error));
  EXPECT_FALSE(make_idempotency_key("POST /users", "caf\xc3\xa9", "{}", &error));
}

}  // namespace
}  // namespace linkstream::api
