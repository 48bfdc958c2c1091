// Old event versions stay readable: a ClickRecorded v1, kept byte for byte as written
// before version 2 existed (tests/fixtures/events/), is placed on linkstream.clicks and
// projected like any click, its new fields read as unknown.

#include <gtest/gtest.h>

#include <fstream>
#include <pqxx/pqxx>
#include <sstream>

#include "linkstream/eventlog/log_writer.h"
#include "support/api_fixtures.h"
#include "support/confirmed_append.h"
#include "support/eventually.h"

namespace linkstream {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream file(std::string(LINKSTREAM_SOURCE_DIR) + "/tests/fixtures/events/" + name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(SchemaEvolution, AVersion1ClickOnTheTopicIsProjectedWithUnknownReferrerAndAgent) {
  const auto payload = fixture("ClickRecorded.v1.json");
  ASSERT_NE(payload.find(R"("version":1)"), std::string::npos) << "the fixture is version 1";
  eventlog::LogWriter writer(
      {.brokers = testing::kafka_brokers(), .client_id = "schema-evolution-test", .extra = {}});
  const auto delivery =
      testing::append_and_confirm(writer, schema::Topic::kClicks, "0Tnlrx", payload);
  ASSERT_TRUE(delivery.ok) << delivery.error;

  const std::string fixture_id = "5f0c2a9e-3b1d-4c7e-8a2f-9d6b4e1c7a30";
  ASSERT_TRUE(testing::eventually(
      [&] {
        return testing::count_rows(
                   "SELECT count(*) FROM events WHERE event_uid = '" + fixture_id + "' AND $1 = $1",
                   0) == 1;
      },
      std::chrono::seconds(30)))
      << "the version 1 click was not projected";

  pqxx::connection connection(testing::pg_uri());
  pqxx::read_transaction tx(connection);
  const auto row = tx.exec_params1(
      R"(SELECT url_id, user_id, event_type, "timestamp"::text, details->>'short_code',
                details->'referrer' = 'null'::jsonb, details->'user_agent' = 'null'::jsonb,
                visitor_hash IS NULL
         FROM events WHERE event_uid = $1)",
      fixture_id);
  EXPECT_EQ(row[0].as<std::int64_t>(), 1);
  EXPECT_EQ(row[1].as<std::int64_t>(), 1);
  EXPECT_EQ(row[2].as<std::string>(), "click");
  EXPECT_EQ(row[3].as<std::string>(), "2026-11-28 04:50:10");
  EXPECT_EQ(row[4].as<std::string>(), "0Tnlrx");
  EXPECT_TRUE(row[5].as<bool>()) << "referrer reads as null";
  EXPECT_TRUE(row[6].as<bool>()) << "user_agent reads as null";
  EXPECT_TRUE(row[7].as<bool>()) << "a version 1 click has no visitor";

  // Clients see it as any other click of URL 1.
  testing::HttpClient http(testing::api_url());
  const auto listing = http.get("/events?url_id=1&event_type=click");
  ASSERT_EQ(listing.status, 200);
  EXPECT_NE(listing.body.find("2026-11-28T04:50:10"), std::string::npos) << listing.body;
}

}  // namespace
}  // namespace linkstream
