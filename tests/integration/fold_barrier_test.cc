// The fold barrier against the real Kafka: a miss is answered only once the view has folded
// what the log held when it was asked, never before; and false when that does not come.

#include "view/fold_barrier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "linkstream/eventlog/log_reader.h"
#include "linkstream/eventlog/log_writer.h"
#include "linkstream/schema/codec.h"
#include "support/confirmed_append.h"
#include "support/eventually.h"
#include "support/http_client.h"
#include "support/stack_under_test.h"

namespace linkstream {
namespace {

using namespace std::chrono_literals;
using schema::Topic;

// Where the entity topics end now.
api::LogPosition log_end() {
  eventlog::LogReader reader(
      {.brokers = testing::kafka_brokers(), .client_id = "fold-barrier-test", .extra = {}});
  api::LogPosition end;
  for (auto topic : {Topic::kUsers, Topic::kUrls}) {
    for (std::int32_t p = 0; p < reader.partition_count(topic, 10s); ++p)
      end[{topic, p}] = reader.end_offset(topic, p, 10s);
  }
  return end;
}

void append_a_user() {
  eventlog::LogWriter writer(
      {.brokers = testing::kafka_brokers(), .client_id = "fold-barrier-test", .extra = {}});
  const auto suffix = testing::unique_suffix();
  const auto event = schema::make_event(schema::UserRegistered{
      .user_id =
          910'000'000 + static_cast<std::int64_t>(std::hash<std::string>{}(suffix) % 1'000'000),
      .username = "barrier-" + suffix,
      .email = "barrier-" + suffix + "@example.com",
      .created_at = schema::now()});
  const auto encoded = schema::encode(event);
  ASSERT_TRUE(encoded.ok()) << encoded.error;
  const auto delivery = testing::append_and_confirm(
      writer, Topic::kUsers, schema::partition_key(event.body), encoded.json);
  ASSERT_TRUE(delivery.ok) << delivery.error;
}

TEST(FoldBarrier, AMissWaitsUntilTheViewHasFoldedWhatTheLogHeld) {
  append_a_user();  // so that the log's end is past 0 in some partition
  const auto end = log_end();
  api::View view;
  api::FoldBarrier barrier(view, testing::kafka_brokers(), "fold-barrier-test");
  std::atomic<int> answer{-1};
  barrier.wait_for_log_end(30s, [&](bool reached) { answer = reached ? 1 : 0; });

  // The view has folded nothing: no answer, however long the barrier has had to ask. A
  // fixed pause is right here: it checks that something does not happen (the broker
  // answers the barrier's question in milliseconds).
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(answer, -1);
  view.set_folded(end);
  EXPECT_TRUE(testing::eventually([&] { return answer != -1; }, 10s));
  EXPECT_EQ(answer, 1);
}

TEST(FoldBarrier, AMissIsAnsweredFalseWhenTheViewDoesNotGetThereInTime) {
  append_a_user();
  api::View view;
  api::FoldBarrier barrier(view, testing::kafka_brokers(), "fold-barrier-test");
  std::atomic<int> answer{-1};
  barrier.wait_for_log_end(200ms, [&](bool reached) { answer = reached ? 1 : 0; });
  // The follower expires waits; here the test does.
  EXPECT_TRUE(testing::eventually(
      [&] {
        view.expire_waits(std::chrono::steady_clock::now());
        return answer != -1;
      },
      10s));
  EXPECT_EQ(answer, 0);
}

TEST(FoldBarrier, QuestionsNotAskedYetAreAnsweredFalseOnStop) {
  api::View view;
  api::FoldBarrier barrier(view, "127.0.0.1:1", "fold-barrier-test");  // no broker there
  barrier.stop();
  std::atomic<int> answer{-1};
  barrier.wait_for_log_end(1s, [&](bool reached) { answer = reached ? 1 : 0; });
  EXPECT_EQ(answer, 0);
}

}  // namespace
}  // namespace linkstream
