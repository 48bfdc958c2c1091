// The pure parts of webhooks (docs/webhooks.md): the signature a receiver recomputes, the
// retry backoff, which webhooks an event is owed to, and the event types a webhook may ask
// for against the ones the log has.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <variant>

#include "domain/webhook_service.h"
#include "domain/webhook_signature.h"
#include "linkstream/schema/events.h"
#include "retry_policy.h"
#include "subscriptions.h"

namespace linkstream {
namespace {

using std::chrono::milliseconds;

TEST(WebhookSignature, IsStripesSchemeOverTheRawBodyWithADerivedSecret) {
  const auto secret =
      api::webhook_secret("key-of-this-deployment", "0f8b1c52-9d1e-4c59-8a44-5e3c2b7a9d10");
  EXPECT_EQ(secret.rfind("whsec_", 0), 0u);
  EXPECT_EQ(secret.size(), 6u + 64u);
  EXPECT_EQ(secret,
            api::webhook_secret("key-of-this-deployment", "0f8b1c52-9d1e-4c59-8a44-5e3c2b7a9d10"))
      << "every replica and the deliverer derive the same";
  EXPECT_NE(secret, api::webhook_secret("another-key", "0f8b1c52-9d1e-4c59-8a44-5e3c2b7a9d10"));
  // What a receiver computes, here with Python's hmac:
  //   hmac.new(b"Jefe", b"0.what do ya want for nothing?", hashlib.sha256).hexdigest()
  EXPECT_EQ(api::webhook_signature("Jefe", 0, "what do ya want for nothing?"),
            "t=0,v1=37f471929915ccd2cbbe79feb84ffcff4f2bb25e15fc41c2506687331ae179cc");
}

TEST(WebhookRetry, BacksOffExponentiallyWithHalfOfItRandomUpToTheMaximum) {
  const milliseconds base(1000), max(60000);
  EXPECT_EQ(deliverer::retry_delay(1, base, max, 0.0), milliseconds(500));
  EXPECT_EQ(deliverer::retry_delay(1, base, max, 0.999), milliseconds(999));
  EXPECT_EQ(deliverer::retry_delay(2, base, max, 0.0), milliseconds(1000));
  EXPECT_EQ(deliverer::retry_delay(4, base, max, 0.5), milliseconds(6000));
  EXPECT_EQ(deliverer::retry_delay(30, base, max, 0.0), milliseconds(30000));
  EXPECT_EQ(deliverer::retry_delay(1000, base, max, 1.0), milliseconds(60000));
}

schema::Event at(schema::EventBody body, const char* time) {
  return {.id = "00000000-0000-4000-8000-000000000001",
          .occurred_at = *schema::parse_timestamp(time),
          .body = std::move(body),
          .request_digest = std::nullopt};
}

TEST(WebhookSubscriptions, AnEventIsOwedToTheWebhooksOfItsTypeAndUrlFromTheirRegistration) {
  deliverer::Subscriptions subscriptions;
  subscriptions.apply(at(schema::WebhookRegistered{"a", "https://a.example/", {"ClickRecorded"}, 7},
                         "2026-12-02T10:00:00"));
  subscriptions.apply(at(
      schema::WebhookRegistered{
          "b", "https://b.example/", {"ClickRecorded", "UrlUpdated"}, std::nullopt},
      "2026-12-02T10:00:05"));
  subscriptions.apply(
      at(schema::WebhookRegistered{"a", "https://again.example/", {"UrlCreated"}, {}},
         "2026-12-02T10:00:06"));  // an id registered twice: the first stands
  auto ids = [&](const schema::Event& event) {
    std::vector<std::string> owed;
    for (const auto* s : subscriptions.owed(event)) owed.push_back(s->id);
    return owed;
  };
  const schema::ClickRecorded click_on_7{.url_id = 7, .user_id = 1, .short_code = "abc"};
  const schema::ClickRecorded click_on_8{.url_id = 8, .user_id = 1, .short_code = "abd"};
  EXPECT_EQ(ids(at(click_on_7, "2026-12-02T10:00:05")), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ids(at(click_on_7, "2026-12-02T10:00:04")), (std::vector<std::string>{"a"}))
      << "b was registered a second later";
  EXPECT_EQ(ids(at(click_on_8, "2026-12-02T10:00:09")), (std::vector<std::string>{"b"}));
  EXPECT_EQ(ids(at(schema::UrlCreated{.url_id = 7}, "2026-12-02T10:00:09")),
            std::vector<std::string>{});
  subscriptions.apply(at(schema::WebhookDeleted{"b"}, "2026-12-02T10:00:10"));
  EXPECT_EQ(ids(at(click_on_7, "2026-12-02T10:00:09")), (std::vector<std::string>{"a"}))
      << "a deleted webhook is owed nothing more, even what occurred before";
}

// The event types a webhook may name: every type the log has but the webhooks' own, as
// the code, the registration's JSON Schema and nothing else say.
TEST(WebhookTypes, AreEveryEventTypeButTheWebhooksOwnInTheCodeAndTheSchema) {
  std::set<std::string> in_code;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (in_code.insert(std::string(std::variant_alternative_t<I, schema::EventBody>::kType)), ...);
  }
  (std::make_index_sequence<std::variant_size_v<schema::EventBody>>{});
  std::erase_if(in_code, [](const std::string& t) { return t.rfind("Webhook", 0) == 0; });
  const auto& offered = api::deliverable_event_types();
  EXPECT_EQ(std::set<std::string>(offered.begin(), offered.end()), in_code);
  const auto schema = YAML::LoadFile(std::string(LINKSTREAM_SOURCE_DIR) +
                                     "/schema/events/WebhookRegistered.v1.json");
  std::set<std::string> in_schema;
  for (const auto& type : schema["properties"]["event_types"]["items"]["enum"])
    in_schema.insert(type.as<std::string>());
  EXPECT_EQ(in_schema, in_code);
}

}  // namespace
}  // namespace linkstream
