// The pure parts of GET /events/stream: the position a client resumes from, the filter,
// and the one-line form of an event.

#include <gtest/gtest.h>

#include "json/compact_json.h"
#include "stream/stream_cursor.h"
#include "stream/stream_filter.h"

namespace linkstream::api {
namespace {

using schema::Topic;

StreamCursor cursor_of(const std::string& text) {
  auto parsed = StreamCursor::parse(text);
  EXPECT_TRUE(std::holds_alternative<StreamCursor>(parsed)) << text;
  return std::get<StreamCursor>(parsed);
}

std::string refusal_of(const std::string& text) {
  auto parsed = StreamCursor::parse(text);
  return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed) : "";
}

TEST(StreamCursor, ItsTextNamesTheNextOffsetOfEveryPartitionItHasPassed) {
  StreamCursor cursor;
  EXPECT_EQ(cursor.text(), "beginning");
  cursor.advance_past(Topic::kClicks, 2, 9);
  cursor.advance_past(Topic::kUsers, 0, 11);
  cursor.advance_past(Topic::kClicks, 0, 99);
  EXPECT_EQ(cursor.text(), "users:0:12,clicks:0:100,clicks:2:10");
  EXPECT_EQ(cursor_of(cursor.text()), cursor);
  EXPECT_EQ(cursor_of("beginning"), StreamCursor());
}

TEST(StreamCursor, APartitionItDoesNotNameStartsAtTheFirstEvent) {
  const auto cursor = cursor_of("clicks:1:7");
  EXPECT_EQ(cursor.next_offset(Topic::kClicks, 1), 7);
  EXPECT_EQ(cursor.next_offset(Topic::kClicks, 2), 0);
  EXPECT_EQ(cursor.next_offset(Topic::kUrls, 0), 0);
}

TEST(StreamCursor, NeverMovesBack) {
  auto cursor = cursor_of("urls:0:40");
  cursor.advance_past(Topic::kUrls, 0, 10);  // an event delivered before
  EXPECT_EQ(cursor.next_offset(Topic::kUrls, 0), 40);
}

TEST(StreamCursor, RefusesWhatIsNoPositionWithAReason) {
  EXPECT_NE(refusal_of("deadletter:0:1").find("topic"), std::string::npos);
  EXPECT_NE(refusal_of("clicks:0").find("topic:partition:offset"), std::string::npos);
  EXPECT_NE(refusal_of("clicks:x:1").find("whole numbers"), std::string::npos);
  EXPECT_NE(refusal_of("clicks:0:-1").find("whole numbers"), std::string::npos);
  EXPECT_NE(refusal_of("clicks:100:1").find("whole numbers"), std::string::npos);
  EXPECT_NE(refusal_of("clicks:007:1").find("whole numbers"), std::string::npos);
  EXPECT_NE(refusal_of("clicks:0:1000000000000000").find("whole numbers"), std::string::npos);
  EXPECT_NE(refusal_of("clicks:0:1,").find("topic"), std::string::npos);
  EXPECT_NE(refusal_of("clicks:0:1" + std::string(5000, '0')).find("4096"), std::string::npos);
  EXPECT_EQ(cursor_of("clicks:99:999999999999999").next_offset(Topic::kClicks, 99),
            999'999'999'999'999);
}

schema::Event click(std::int64_t url_id, std::int64_t owner) {
  return schema::make_event(schema::ClickRecorded{.url_id = url_id, .user_id = owner});
}

TEST(StreamFilter, PassesTheEventsOfItsTypesUrlAndUser) {
  StreamFilter filter;
  ASSERT_EQ(StreamFilter::parse_types("ClickRecorded,UrlUpdated", filter), std::nullopt);
  filter.user_id = 7;
  const OwnerOf owner = [](std::int64_t url) -> std::optional<std::int64_t> {
    return url == 3 ? std::optional<std::int64_t>(7) : std::nullopt;
  };
  EXPECT_TRUE(filter.passes(click(3, 7), owner));
  EXPECT_FALSE(filter.passes(click(4, 8), owner));
  // An update names no user: the URL's owner decides.
  EXPECT_TRUE(filter.passes(schema::make_event(schema::UrlUpdated{.url_id = 3}), owner));
  EXPECT_FALSE(filter.passes(schema::make_event(schema::UrlUpdated{.url_id = 4}), owner));
  EXPECT_FALSE(filter.passes(schema::make_event(schema::UserDeleted{.user_id = 7}), owner));
}

TEST(StreamFilter, ReadsOnlyTheTopicsWhoseEventsCanPass) {
  StreamFilter every;
  EXPECT_EQ(every.topics(), (std::vector<Topic>{Topic::kUsers, Topic::kUrls, Topic::kClicks,
                                                Topic::kEvents, Topic::kWebhooks}));
  StreamFilter clicks;
  ASSERT_EQ(StreamFilter::parse_types("ClickRecorded", clicks), std::nullopt);
  EXPECT_EQ(clicks.topics(), std::vector<Topic>{Topic::kClicks});
  StreamFilter of_a_url;
  of_a_url.url_id = 5;
  // A webhook registered for the URL's events is about it too.
  EXPECT_EQ(of_a_url.topics(),
            (std::vector<Topic>{Topic::kUrls, Topic::kClicks, Topic::kEvents, Topic::kWebhooks}));
}

TEST(StreamFilter, RefusesATypeNoEventHas) {
  StreamFilter filter;
  EXPECT_NE(StreamFilter::parse_types("ClickRecorded,Clicked", filter), std::nullopt);
  EXPECT_NE(StreamFilter::parse_types("ClickRecorded,", filter), std::nullopt);
  EXPECT_EQ(StreamFilter::parse_types("", filter), std::nullopt);
}

TEST(CompactJson, MakesOneLineOfAnyLayoutAndKeepsNumbersAsWritten) {
  EXPECT_EQ(compact_json("{\n  \"a\": [1, 2.50, 12345678901234567890],\n  \"b\": \"x\\ny\"\n}"),
            "{\"a\":[1,2.50,12345678901234567890],\"b\":\"x\\ny\"}");
  EXPECT_EQ(compact_json("{\"a\":"), std::nullopt);
  EXPECT_EQ(compact_json(std::string(100000, '[') + std::string(100000, ']')),
            std::string(100000, '[') + std::string(100000, ']'));
}

}  // namespace
}  // namespace linkstream::api
