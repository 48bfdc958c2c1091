// Poison messages on the real topics: each goes to linkstream.deadletter once, is recorded
// and counted, and the projector carries on with the events after it.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <map>
#include <pqxx/pqxx>

#include "linkstream/eventlog/log_reader.h"
#include "linkstream/eventlog/log_writer.h"
#include "support/api_fixtures.h"
#include "support/confirmed_append.h"
#include "support/eventually.h"

namespace linkstream {
namespace {

using schema::Topic;

TEST(DeadLetters, EachPoisonMessageIsSentOnceRecordedCountedAndTheProjectorCarriesOn) {
  eventlog::LogWriter writer(
      {.brokers = testing::kafka_brokers(), .client_id = "dead-letter-test", .extra = {}});
  const std::string envelope =
      R"({"id":"0b6a3c1e-8f0d-4a57-9d2c-3f1e5b7a9c01","occurred_at":"2026-01-02T03:04:05",)";
  const std::map<std::string, std::string> poison = {
      {"malformed_json", "{this is not json"},
      {"unknown_type", envelope + R"("type":"UrlExploded","version":1,"data":{}})"},
      {"unsupported_version", envelope + R"("type":"UrlCreated","version":7,"data":{}})"},
      {"too_large", envelope + R"("type":"UrlDeleted","version":1,"data":{"url_id":1,"pad":")" +
                        std::string(100 * 1024, 'x') + R"("}})"},
  };
  std::map<std::int64_t, std::string> expected;  // offset on linkstream.urls -> reason
  for (const auto& [reason, payload] : poison) {
    const auto delivery = testing::append_and_confirm(writer, Topic::kUrls, "poison", payload);
    ASSERT_TRUE(delivery.ok) << reason << ": " << delivery.error;
    expected[delivery.offset] = reason;
  }

  // The projector carries on: a URL created after the poison reaches PostgreSQL.
  testing::HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/after-poison");
  EXPECT_TRUE(testing::eventually(
      [&] { return testing::count_rows("SELECT count(*) FROM urls WHERE id = $1", url.id) == 1; },
      std::chrono::seconds(30)))
      << "the projector stopped at a poison message";

  // Each is in linkstream.deadletter exactly once, with its source and reason.
  eventlog::LogReader reader(
      {.brokers = testing::kafka_brokers(), .client_id = "dead-letter-test", .extra = {}});
  const auto end = reader.end_offset(Topic::kDeadLetters, 0, std::chrono::seconds(10));
  reader.assign({{Topic::kDeadLetters, 0, 0}});
  std::map<std::int64_t, int> seen;
  std::int64_t read_up_to = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (read_up_to < end && std::chrono::steady_clock::now() < deadline) {
    for (const auto& message : reader.poll(1000, std::chrono::milliseconds(500))) {
      read_up_to = message.offset + 1;
      rapidjson::Document letter;
      letter.Parse(message.payload.c_str());
      ASSERT_TRUE(letter.IsObject()) << message.payload.substr(0, 200);
      if (std::string(letter["topic"].GetString()) != "linkstream.urls") continue;
      const auto offset = letter["offset"].GetInt64();
      if (!expected.contains(offset)) continue;
      ++seen[offset];
      EXPECT_EQ(letter["reason"].GetString(), expected[offset]);
      EXPECT_LE(letter["payload"].GetStringLength(), 64u * 1024);
    }
  }
  for (const auto& [offset, reason] : expected) {
    EXPECT_EQ(seen[offset], 1) << reason << " at offset " << offset
                               << " must be dead-lettered exactly once";
    EXPECT_EQ(
        testing::count_rows(
            R"(SELECT count(*) FROM dead_letters WHERE topic = 'linkstream.urls' AND "offset" = $1)",
            offset),
        1)
        << reason;
  }

  // And counted.
  testing::HttpClient metrics_client(
      testing::required_env("LINKSTREAM_TEST_PROJECTOR_METRICS_URL"));
  const auto metrics = metrics_client.get("/metrics").body;
  for (const auto& [reason, payload] : poison) {
    EXPECT_NE(metrics.find(R"(linkstream_projector_dead_letters_total{reason=")" + reason + "\"}"),
              std::string::npos)
        << reason;
  }
}

}  // namespace
}  // namespace linkstream
