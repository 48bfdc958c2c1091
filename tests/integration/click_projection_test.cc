// The projector writes click rows with COPY, and falls back to ON CONFLICT when a batch
// holds a row the table already has: against the real Kafka, projector and PostgreSQL.

#include <gtest/gtest.h>

#include <atomic>
#include <pqxx/pqxx>

#include "linkstream/eventlog/log_writer.h"
#include "linkstream/schema/codec.h"
#include "support/confirmed_append.h"
#include "support/eventually.h"
#include "support/http_client.h"
#include "support/stack_under_test.h"

namespace linkstream {
namespace {

std::int64_t rows_of(const std::string& event_uid) {
  pqxx::connection connection(testing::pg_uri());
  pqxx::read_transaction tx(connection);
  return tx.exec_params1("SELECT count(*) FROM events WHERE event_uid = $1", event_uid)[0]
      .as<std::int64_t>();
}

// The relay ships a click again after a failed delivery, so one click can sit at several
// offsets: in one batch, and across batches. It counts once, and the clicks around it are
// all written (the batch that met the duplicate is written by the slower path, not lost).
TEST(ClickProjection, AClickShippedSeveralTimesIsOneRowAndTheClicksAroundItAreAllWritten) {
  eventlog::LogWriter writer(
      {.brokers = testing::kafka_brokers(), .client_id = "click-projection-test", .extra = {}});
  const std::string code = "dup" + testing::unique_suffix().substr(0, 8);
  const auto click = [&] {
    return schema::make_event(schema::ClickRecorded{
        .url_id = 1, .user_id = 1, .short_code = code, .visitor = std::string(32, 'a')});
  };
  const auto shipped_twice = click();
  const auto payload = schema::encode_unchecked(shipped_twice);
  std::vector<std::string> others;
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 50; ++i) {
      const auto other = click();
      others.push_back(other.id);
      ASSERT_TRUE(testing::append_and_confirm(writer, schema::Topic::kClicks, code,
                                              schema::encode_unchecked(other))
                      .ok);
      if (i % 20 == 0) {
        ASSERT_TRUE(testing::append_and_confirm(writer, schema::Topic::kClicks, code, payload).ok);
      }
    }
    // A later batch meets the click again, once the first copy is in the table.
    ASSERT_TRUE(testing::eventually([&] { return rows_of(shipped_twice.id) == 1; },
                                    std::chrono::seconds(20)));
  }
  ASSERT_TRUE(
      testing::eventually([&] { return rows_of(others.back()) == 1; }, std::chrono::seconds(20)));
  EXPECT_EQ(rows_of(shipped_twice.id), 1) << "a click shipped 6 times is one row";
  pqxx::connection connection(testing::pg_uri());
  pqxx::read_transaction tx(connection);
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM events WHERE event_type = 'click' AND "
                            "details->>'short_code' = $1",
                            code)[0]
                .as<std::int64_t>(),
            static_cast<std::int64_t>(others.size()) + 1);
}

std::string uid_of_row(std::int64_t id) {
  pqxx::connection connection(testing::pg_uri());
  pqxx::read_transaction tx(connection);
  const auto rows = tx.exec_params("SELECT event_uid FROM events WHERE id = $1", id);
  return rows.empty() ? "" : rows[0][0].as<std::string>();
}

// A file imported twice without an Idempotency-Key puts each of its events in the log
// twice: two envelopes (two event ids) of one row id. The first in log order is the row,
// whether the two copies meet in one batch or in two, so that a fresh fold (verify,
// rebuild) cut into other batches gives the same table.
TEST(EventProjection, OfAnEventImportedTwiceTheFirstCopyInTheLogIsTheRow) {
  eventlog::LogWriter writer(
      {.brokers = testing::kafka_brokers(), .client_id = "event-projection-test", .extra = {}});
  // Row ids of imported events come from their file: far above the seed's, one set per run.
  const auto base =
      500'000'000'000 + static_cast<std::int64_t>(
                            std::hash<std::string>{}(testing::unique_suffix()) % 1'000'000'000) *
                            1000;
  constexpr int kEvents = 300;
  std::vector<std::string> first_uids;
  std::atomic<int> confirmed{0};
  // Both copies of every event queued at once: they reach the projector in one or two batches.
  for (int copy = 0; copy < 2; ++copy) {
    for (int i = 0; i < kEvents; ++i) {
      const auto event = schema::make_event(schema::EventImported{.event_id = base + i,
                                                                  .url_id = 1,
                                                                  .user_id = 1,
                                                                  .event_type = "imported",
                                                                  .timestamp = schema::now(),
                                                                  .details = "{}"});
      if (copy == 0) first_uids.push_back(event.id);
      const auto refused = writer.append(event, [&](const eventlog::Delivery& delivery) {
        if (delivery.ok) ++confirmed;
      });
      ASSERT_FALSE(refused) << *refused;
    }
  }
  ASSERT_EQ(writer.flush(std::chrono::seconds(20)), 0);
  ASSERT_EQ(confirmed, 2 * kEvents);
  ASSERT_TRUE(testing::eventually([&] { return !uid_of_row(base + kEvents - 1).empty(); },
                                  std::chrono::seconds(20)));
  int second_copy_won = 0;
  for (int i = 0; i < kEvents; ++i) {
    if (uid_of_row(base + i) != first_uids[i]) ++second_copy_won;
  }
  EXPECT_EQ(second_copy_won, 0) << "of " << kEvents << " events imported twice";
}

}  // namespace
}  // namespace linkstream
