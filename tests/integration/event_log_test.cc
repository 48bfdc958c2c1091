// The log client against the real Kafka that tests/run starts.

#include <gtest/gtest.h>

#include "linkstream/eventlog/log_reader.h"
#include "linkstream/eventlog/log_writer.h"
#include "linkstream/schema/codec.h"
#include "support/confirmed_append.h"
#include "support/http_client.h"
#include "support/stack_under_test.h"

namespace linkstream {
namespace {

using eventlog::Delivery;
using schema::Topic;

TEST(EventLog, AnAppendedEventIsReadBackAtTheOffsetKafkaConfirmed) {
  eventlog::LogWriter writer(
      {.brokers = testing::kafka_brokers(), .client_id = "event-log-test", .extra = {}});
  const auto suffix = testing::unique_suffix();
  const auto event = schema::make_event(schema::UserRegistered{
      .user_id =
          900'000'000 + static_cast<std::int64_t>(std::hash<std::string>{}(suffix) % 1'000'000),
      .username = "log-test-" + suffix,
      .email = "log-test-" + suffix + "@example.com",
      .created_at = schema::now()});

  const auto encoded = schema::encode(event);
  ASSERT_TRUE(encoded.ok()) << encoded.error;
  const Delivery delivery = testing::append_and_confirm(
      writer, schema::topic_of(event.body), schema::partition_key(event.body), encoded.json);
  ASSERT_TRUE(delivery.ok) << delivery.error;
  EXPECT_EQ(delivery.topic, Topic::kUsers);
  EXPECT_GE(delivery.offset, 0);

  eventlog::LogReader reader(
      {.brokers = testing::kafka_brokers(), .client_id = "event-log-test", .extra = {}});
  EXPECT_GT(reader.end_offset(Topic::kUsers, delivery.partition, std::chrono::seconds(10)),
            delivery.offset);
  reader.assign({{Topic::kUsers, delivery.partition, delivery.offset}});
  std::vector<eventlog::LogMessage> read;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (read.empty() && std::chrono::steady_clock::now() < deadline) {
    read = reader.poll(1, std::chrono::milliseconds(500));
  }
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].offset, delivery.offset);
  const auto decoded = schema::decode(read[0].payload);
  ASSERT_TRUE(decoded) << decoded.message;
  EXPECT_EQ(decoded.event->id, event.id);
  EXPECT_EQ(std::get<schema::UserRegistered>(decoded.event->body).email,
            "log-test-" + suffix + "@example.com");
}

TEST(EventLog, AnEventThatBreaksItsSchemaNeverReachesKafka) {
  eventlog::LogWriter writer(
      {.brokers = testing::kafka_brokers(), .client_id = "event-log-test", .extra = {}});
  auto event = schema::make_event(
      schema::ClickRecorded{.url_id = 1, .user_id = 1, .short_code = "has space"});
  bool called = false;
  const auto refused = writer.append(event, [&](const Delivery&) { called = true; });
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->find("short_code"), std::string::npos) << *refused;
  EXPECT_EQ(writer.flush(std::chrono::seconds(5)), 0);
  EXPECT_FALSE(called);
}

TEST(EventLog, TopicsHaveTheDocumentedPartitions) {
  eventlog::LogReader reader(
      {.brokers = testing::kafka_brokers(), .client_id = "event-log-test", .extra = {}});
  EXPECT_EQ(reader.partition_count(Topic::kUsers, std::chrono::seconds(10)), 1);
  EXPECT_EQ(reader.partition_count(Topic::kUrls, std::chrono::seconds(10)), 1);
  EXPECT_EQ(reader.partition_count(Topic::kClicks, std::chrono::seconds(10)), 3);
}

}  // namespace
}  // namespace linkstream
