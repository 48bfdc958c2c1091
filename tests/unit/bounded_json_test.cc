// The nesting limit on JSON from outside: documents deeper than kMaxJsonDepth are refused
// before anything walks them, however deep they are, and every reader of client or log
// JSON goes through it.

#include "linkstream/schema/bounded_json.h"

#include <gtest/gtest.h>
#include <pthread.h>

#include <functional>
#include <string>

#include "json/json_body.h"
#include "linkstream/schema/codec.h"
#include "support/nested_json.h"

namespace linkstream {
namespace {

using schema::kMaxJsonDepth;
using schema::parse_bounded_json;

using testing::nested_arrays;
using testing::nested_objects;

// Runs `work` on a thread with a 256 KiB stack and waits for it. A parser or walk that
// recursed per nesting level would overflow that stack within a few thousand levels (the
// test process would die), so surviving 100,000 levels shows it does not.
void on_small_stack(std::function<void()> work) {
  pthread_attr_t attributes;
  ASSERT_EQ(pthread_attr_init(&attributes), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attributes, 256 * 1024), 0);
  pthread_t thread;
  auto run = [](void* argument) -> void* {
    (*static_cast<std::function<void()>*>(argument))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attributes, run, &work), 0);
  ASSERT_EQ(pthread_join(thread, nullptr), 0);
  pthread_attr_destroy(&attributes);
}

// The body that crashed linkstream-api: 100,000 levels in the details of POST /events.
std::string crashing_event_body() {
  return R"({"url_id":1,"user_id":1,"event_type":"click","details":)" + nested_objects(100'000) +
         "}";
}

TEST(BoundedJson, AcceptsDocumentsNestedUpToTheLimit) {
  rapidjson::Document doc;
  EXPECT_EQ(parse_bounded_json(nested_objects(kMaxJsonDepth), doc), std::nullopt);
  EXPECT_TRUE(doc.IsObject());
  EXPECT_EQ(parse_bounded_json(nested_arrays(kMaxJsonDepth), doc), std::nullopt);
  EXPECT_TRUE(doc.IsArray());
}

TEST(BoundedJson, RefusesOneLevelMoreAndSaysWhy) {
  rapidjson::Document doc;
  const auto error = parse_bounded_json(nested_objects(kMaxJsonDepth + 1), doc);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("nested deeper than 64 levels"), std::string::npos) << *error;
  EXPECT_TRUE(doc.IsNull()) << "a refused document is not half-built";
}

TEST(BoundedJson, RefusesAHundredThousandLevelsWithoutRecursing) {
  for (const auto& text : {nested_objects(100'000), nested_arrays(100'000)}) {
    std::optional<std::string> error;
    on_small_stack([&] {
      rapidjson::Document doc;
      error = parse_bounded_json(text, doc);
    });
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("nested deeper"), std::string::npos) << *error;
  }
}

TEST(BoundedJson, RefusesInvalidUtf8) {
  rapidjson::Document doc;
  const auto error = parse_bounded_json("{\"name\":\"\xC3\x28\"}", doc);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("encoding"), std::string::npos) << *error;
  EXPECT_EQ(parse_bounded_json("{\"name\":\"Zo\xC3\xAB\"}", doc), std::nullopt);
}

TEST(BoundedJson, RefusesTrailingTextNulBytesAndEmptyInput) {
  rapidjson::Document doc;
  EXPECT_TRUE(parse_bounded_json(R"({"a":1} {"b":2})", doc));
  EXPECT_TRUE(parse_bounded_json("", doc));
  // RapidJSON alone stops at a NUL byte and would ignore what follows it.
  EXPECT_TRUE(parse_bounded_json(std::string_view("{\"a\":1}\0{\"b\":2}", 15), doc));
}

TEST(BoundedJson, RefusesTheCharacterThatPostgresCannotStore) {
  rapidjson::Document doc;
  for (const char* text : {R"({"a":"x\u0000y"})", R"({"x\u0000":1})", R"(["\u0000"])"}) {
    const auto error = parse_bounded_json(text, doc);
    ASSERT_TRUE(error) << text;
    EXPECT_NE(error->find("U+0000"), std::string::npos) << *error;
  }
  EXPECT_EQ(parse_bounded_json(R"({"a":"\u0001\u00e9"})", doc), std::nullopt);
}

TEST(BoundedJson, ReadsEveryKindOfValue) {
  rapidjson::Document doc;
  ASSERT_EQ(
      parse_bounded_json(
          R"({"s":"x","i":-3,"u":4000000000,"big":9007199254740993,"d":1.5,"b":true,"n":null,"a":[1,{}]})",
          doc),
      std::nullopt);
  EXPECT_STREQ(doc["s"].GetString(), "x");
  EXPECT_EQ(doc["i"].GetInt(), -3);
  EXPECT_EQ(doc["u"].GetUint64(), 4000000000u);
  EXPECT_EQ(doc["big"].GetInt64(), 9007199254740993);
  EXPECT_DOUBLE_EQ(doc["d"].GetDouble(), 1.5);
  EXPECT_TRUE(doc["b"].GetBool());
  EXPECT_TRUE(doc["n"].IsNull());
  EXPECT_EQ(doc["a"].Size(), 2u);
}

TEST(BoundedJson, TheBodyThatCrashedTheApiIsABadRequest) {
  api::FieldError error;
  on_small_stack([&] { EXPECT_FALSE(api::JsonBody::parse(crashing_event_body(), error)); });
  EXPECT_NE(error.message.find("nested deeper than 64 levels"), std::string::npos) << error.message;
}

TEST(BoundedJson, DetailsAtTheLimitAreReadBack) {
  // The body is one level, so details may hold 63 more.
  const std::string body =
      R"({"event_type":"x","details":)" + nested_objects(kMaxJsonDepth - 1) + "}";
  api::FieldError error;
  auto parsed = api::JsonBody::parse(body, error);
  ASSERT_TRUE(parsed) << error.message;
  EXPECT_EQ(parsed->optional_object("details"), nested_objects(kMaxJsonDepth - 1));
}

// What the api accepted at the limit, wrapped in an event, is read back by every reader.
TEST(BoundedJson, AnEventWithDetailsAtTheBodyLimitDecodes) {
  const std::string details = nested_objects(kMaxJsonDepth - 1);
  const auto event = schema::make_event(
      schema::EventRecorded{.url_id = 1, .user_id = 1, .event_type = "x", .details = details});
  const auto encoded = schema::encode(event);
  ASSERT_TRUE(encoded.ok()) << encoded.error;
  const auto decoded = schema::decode(encoded.json);
  ASSERT_TRUE(decoded) << decoded.message;
  EXPECT_EQ(std::get<schema::EventRecorded>(decoded.event->body).details, details);
}

TEST(BoundedJson, ADeeplyNestedEventFromTheLogIsMalformedNotACrash) {
  const std::string payload =
      R"({"id":"0b6a3c1e-8f0d-4a57-9d2c-3f1e5b7a9c01","type":"EventRecorded","version":1,)"
      R"("occurred_at":"2026-01-02T03:04:05","data":{"url_id":1,"user_id":1,)"
      R"("event_type":"x","details":)" +
      nested_arrays(30'000) + "}}";
  ASSERT_LE(payload.size(), schema::kMaxEventBytes);
  schema::DecodeResult decoded;
  on_small_stack([&] { decoded = schema::decode(payload); });
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error, schema::DecodeError::kMalformedJson);
  EXPECT_NE(decoded.message.find("nested deeper"), std::string::npos) << decoded.message;
}

// Such an event, already in a log, is a dead letter for the projector, not a batch that
// fails on every retry.
TEST(BoundedJson, AnEventHoldingUPlus0000FromTheLogIsMalformed) {
  const std::string payload =
      R"({"id":"0b6a3c1e-8f0d-4a57-9d2c-3f1e5b7a9c01","type":"EventRecorded","version":1,)"
      R"("occurred_at":"2026-01-02T03:04:05","data":{"url_id":1,"user_id":1,)"
      R"("event_type":"x","details":{"a":"x\u0000y"}}})";
  const auto decoded = schema::decode(payload);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error, schema::DecodeError::kMalformedJson) << decoded.message;
}

TEST(BoundedJson, ALongTypeNameIsRefusedBeforeItsPatternRuns) {
  // std::regex matching recurses per character: the envelope bounds `type` first.
  const std::string payload = R"({"id":"0b6a3c1e-8f0d-4a57-9d2c-3f1e5b7a9c01","type":"U)" +
                              std::string(60'000, 'r') +
                              R"(","version":1,"occurred_at":"2026-01-02T03:04:05","data":{}})";
  ASSERT_LE(payload.size(), schema::kMaxEventBytes);
  schema::DecodeResult decoded;
  on_small_stack([&] { decoded = schema::decode(payload); });
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error, schema::DecodeError::kInvalidEnvelope) << decoded.message;
}

}  // namespace
}  // namespace linkstream
