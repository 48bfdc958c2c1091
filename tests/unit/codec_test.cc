#include "linkstream/schema/codec.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "linkstream/schema/event_id.h"

namespace linkstream::schema {
namespace {

Event sample_url_created() {
  return Event{.id = "0b6a3c1e-8f0d-4a57-9d2c-3f1e5b7a9c01",
               .occurred_at = *parse_timestamp("2026-01-02T03:04:05"),
               .body = UrlCreated{.url_id = 7,
                                  .user_id = 3,
                                  .short_code = "aB3dE9",
                                  .original_url = "https://example.com/a?b=1%20c#frag",
                                  .title = std::nullopt,
                                  .is_active = true,
                                  .created_at = *parse_timestamp("2026-01-02T03:04:05")}};
}

TEST(Codec, EveryEventTypeSurvivesEncodeThenDecode) {
  const std::vector<EventBody> bodies = {
      UserRegistered{.user_id = 1,
                     .username = "ada",
                     .email = "ada@example.com",
                     .created_at = *parse_timestamp("2025-12-14T18:57:39")},
      sample_url_created().body,
      UrlCreated{.url_id = 8,
                 .user_id = 3,
                 .short_code = "custom-code_1",
                 .original_url = "http://x.org",
                 .title = "a title",
                 .is_active = false,
                 .created_at = *parse_timestamp("2026-01-02T03:04:05")},
      ClickRecorded{.url_id = 7, .user_id = 3, .short_code = "aB3dE9"},
      ClickRecorded{.url_id = 7,
                    .user_id = 3,
                    .short_code = "aB3dE9",
                    .referrer = "https://r.example/",
                    .user_agent = "curl/7.88",
                    .visitor = "0123456789abcdef0123456789abcdef"},
      UserImported{.user_id = 4, .username = "dup", .email = "d@x.io", .created_at = now()},
      UserUpdated{.user_id = 4, .email = "e@x.io"},
      UserDeleted{.user_id = 4},
      UrlImported{.url_id = 9,
                  .user_id = 4,
                  .short_code = "Zz9",
                  .original_url = "https://x.io",
                  .title = "t",
                  .is_active = false,
                  .created_at = now(),
                  .updated_at = now()},
      UrlUpdated{
          .url_id = 9, .original_url = "https://y.io", .is_active = true, .updated_at = now()},
      UrlDeleted{.url_id = 9},
      EventRecorded{.url_id = 9,
                    .user_id = std::nullopt,
                    .event_type = "shared",
                    .details = R"({"via":"mail"})"},
      EventImported{.event_id = 12,
                    .url_id = 9,
                    .user_id = 4,
                    .event_type = "created",
                    .timestamp = now(),
                    .details = "{}"},
  };
  for (const auto& body : bodies) {
    const Event event = make_event(body);
    const auto encoded = encode(event);
    ASSERT_TRUE(encoded.ok()) << encoded.error;
    const auto decoded = decode(encoded.json);
    ASSERT_TRUE(decoded) << decoded.message;
    EXPECT_EQ(decoded.event->id, event.id);
    EXPECT_EQ(decoded.event->occurred_at, event.occurred_at);
    EXPECT_EQ(type_name(decoded.event->body), type_name(body));
    EXPECT_EQ(encode(*decoded.event).json, encoded.json) << "decode(encode(e)) must equal e";
  }
}

TEST(Codec, WritesTheDocumentedEnvelope) {
  const auto encoded = encode(sample_url_created());
  ASSERT_TRUE(encoded.ok()) << encoded.error;
  EXPECT_EQ(
      encoded.json,
      R"({"id":"0b6a3c1e-8f0d-4a57-9d2c-3f1e5b7a9c01","type":"UrlCreated","version":1,)"
      R"("occurred_at":"2026-01-02T03:04:05","data":{"url_id":7,"user_id":3,"short_code":"aB3dE9",)"
      R"("original_url":"https://example.com/a?b=1%20c#frag","title":null,"is_active":true,)"
      R"("created_at":"2026-01-02T03:04:05"}})");
}

TEST(Codec, AKeyedRequestsDigestIsWrittenInTheEnvelopeAndReadBack) {
  Event event = sample_url_created();
  event.request_digest = std::string(64, 'c');
  const auto encoded = encode(event);
  ASSERT_TRUE(encoded.ok()) << encoded.error;
  EXPECT_NE(encoded.json.find(R"("request_digest":")" + std::string(64, 'c') + '"'),
            std::string::npos)
      << encoded.json;
  const auto decoded = decode(encoded.json);
  ASSERT_TRUE(decoded) << decoded.message;
  EXPECT_EQ(decoded.event->request_digest, event.request_digest);
  EXPECT_FALSE(decode(encode(sample_url_created()).json).event->request_digest)
      << "absent unless the request was keyed";

  event.request_digest = "not-a-digest";
  EXPECT_FALSE(encode(event).ok()) << "the envelope's schema bounds it";
}

TEST(Codec, RefusesToEncodeAnEventThatBreaksItsSchema) {
  Event event = sample_url_created();
  std::get<UrlCreated>(event.body).original_url = "ftp://example.com";
  const auto encoded = encode(event);
  EXPECT_FALSE(encoded.ok());
  EXPECT_NE(encoded.error.find("original_url"), std::string::npos) << encoded.error;
}

struct BadPayload {
  const char* name;
  std::string payload;
  DecodeError expected;
};

void PrintTo(const BadPayload& payload, std::ostream* os) {
  *os << payload.name;
}

class CodecRejects : public ::testing::TestWithParam<BadPayload> {};

TEST_P(CodecRejects, PayloadWithTheRightReason) {
  const auto result = decode(GetParam().payload);
  EXPECT_FALSE(result);
  EXPECT_EQ(result.error, GetParam().expected) << result.message;
  EXPECT_FALSE(result.message.empty());
}

const std::string kEnvelopeStart =
    R"({"id":"0b6a3c1e-8f0d-4a57-9d2c-3f1e5b7a9c01","occurred_at":"2026-01-02T03:04:05",)";

INSTANTIATE_TEST_SUITE_P(
    Codec, CodecRejects,
    ::testing::Values(
        BadPayload{"NotJson", "{not json", DecodeError::kMalformedJson},
        BadPayload{"NotAnObject", "[1,2]", DecodeError::kMalformedJson},
        BadPayload{"NoType",
                   R"({"id":"x","version":1,"occurred_at":"2026-01-02T03:04:05","data":{}})",
                   DecodeError::kInvalidEnvelope},
        BadPayload{
            "BadEventId",
            R"({"id":"x","type":"ClickRecorded","version":1,"occurred_at":"2026-01-02T03:04:05","data":{}})",
            DecodeError::kInvalidEnvelope},
        BadPayload{"UnknownType", kEnvelopeStart + R"("type":"UrlExploded","version":1,"data":{}})",
                   DecodeError::kUnknownType},
        BadPayload{"FutureVersion",
                   kEnvelopeStart + R"("type":"ClickRecorded","version":99,"data":{}})",
                   DecodeError::kUnsupportedVersion},
        BadPayload{"MissingField",
                   kEnvelopeStart +
                       R"("type":"ClickRecorded","version":1,"data":{"url_id":1,"user_id":1}})",
                   DecodeError::kInvalidData},
        BadPayload{
            "WrongFieldType",
            kEnvelopeStart +
                R"("type":"ClickRecorded","version":1,"data":{"url_id":"1","user_id":1,"short_code":"abc"}})",
            DecodeError::kInvalidData},
        BadPayload{
            "ExtraField",
            kEnvelopeStart +
                R"("type":"ClickRecorded","version":1,"data":{"url_id":1,"user_id":1,"short_code":"abc","x":1}})",
            DecodeError::kInvalidData},
        // One case per schema pattern: each must be applied (schema_registry.cc applies
        // them with RE2, not RapidJSON).
        BadPayload{"BadTypeName",
                   kEnvelopeStart + R"("type":"click_recorded","version":1,"data":{}})",
                   DecodeError::kInvalidEnvelope},
        BadPayload{
            "BadOccurredAt",
            R"({"id":"0b6a3c1e-8f0d-4a57-9d2c-3f1e5b7a9c01","occurred_at":"2026-01-02 03:04:05",)"
            R"("type":"UserDeleted","version":1,"data":{"user_id":1}})",
            DecodeError::kInvalidEnvelope},
        BadPayload{
            "BadShortCode",
            kEnvelopeStart +
                R"("type":"ClickRecorded","version":1,"data":{"url_id":1,"user_id":1,"short_code":"a b"}})",
            DecodeError::kInvalidData},
        BadPayload{
            "BadVisitor",
            kEnvelopeStart +
                R"("type":"ClickRecorded","version":2,"data":{"url_id":1,"user_id":1,"short_code":"ab",)"
                R"("referrer":null,"user_agent":null,"visitor":"NOT-A-HASH-0123456789"}})",
            DecodeError::kInvalidData},
        BadPayload{
            "BadOriginalUrl",
            kEnvelopeStart +
                R"("type":"UrlCreated","version":1,"data":{"url_id":1,"user_id":1,"short_code":"ab",)"
                R"("original_url":"ftp://example.com/x","title":null,"is_active":true,"created_at":"2026-01-02T03:04:05"}})",
            DecodeError::kInvalidData},
        BadPayload{
            "BadCreatedAt",
            kEnvelopeStart +
                R"("type":"UserRegistered","version":1,"data":{"user_id":1,"username":"a","email":"a@b.c","created_at":"yesterday"}})",
            DecodeError::kInvalidData},
        BadPayload{
            "BadEmail",
            kEnvelopeStart +
                R"("type":"UserRegistered","version":1,"data":{"user_id":1,"username":"a","email":"nope","created_at":"2026-01-02T03:04:05"}})",
            DecodeError::kInvalidData}),
    [](const auto& test) { return std::string(test.param.name); });

TEST(Codec, AVersion1ClickStillReadsAsAClickWithUnknownReferrer) {
  // A click written before version 2 existed, kept as it was on the topic.
  std::ifstream file(std::string(LINKSTREAM_SOURCE_DIR) +
                     "/tests/fixtures/events/ClickRecorded.v1.json");
  std::stringstream payload;
  payload << file.rdbuf();
  const auto decoded = decode(payload.str());
  ASSERT_TRUE(decoded) << decoded.message;
  const auto& click = std::get<ClickRecorded>(decoded.event->body);
  EXPECT_EQ(click.url_id, 1);
  EXPECT_EQ(click.short_code, "0Tnlrx");
  EXPECT_FALSE(click.referrer);
  EXPECT_FALSE(click.visitor);
  const auto reencoded = encode(*decoded.event);
  ASSERT_TRUE(reencoded.ok()) << reencoded.error;
  EXPECT_NE(reencoded.json.find(R"("version":2)"), std::string::npos)
      << "rewritten at the current version";
}

TEST(Codec, UpdatesKeepTheDifferenceBetweenAbsentAndNull) {
  const auto event = make_event(
      UrlUpdated{.url_id = 3, .title = std::optional<std::string>(), .updated_at = now()});
  const auto decoded = decode(encode(event).json);
  ASSERT_TRUE(decoded) << decoded.message;
  const auto& update = std::get<UrlUpdated>(decoded.event->body);
  ASSERT_TRUE(update.title.has_value()) << "the title is being removed";
  EXPECT_FALSE(update.title->has_value());
  EXPECT_FALSE(update.original_url.has_value()) << "the URL is not being changed";
  EXPECT_FALSE(update.is_active.has_value());
}

TEST(Codec, ManyThreadsEncodeAndDecodeAtOnce) {
  // The api encodes on its HTTP threads while its view decodes on another.
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&failures] {
      for (int i = 0; i < 2000; ++i) {
        const auto encoded = encode(sample_url_created());
        if (!encoded.ok() || !decode(encoded.json)) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(EventId, IsARandomVersion4Uuid) {
  const std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto id = new_event_id();
    EXPECT_TRUE(std::regex_match(id, uuid)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace linkstream::schema
