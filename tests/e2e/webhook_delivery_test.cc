// Webhooks (#11 item 4, docs/webhooks.md) against local receivers that fail, hang and
// recover: every event is delivered at least once, a repeat carries the same delivery id,
// every delivery's signature verifies with the secret the registration showed, one
// webhook's deliveries arrive in log order, a hanging endpoint holds up no other, and a
// delivery given up on is a dead letter that can be sent again. The test stack's deliverer
// retries within a second and gives up after 10 s (deploy/stack, deliverer_environment).

#include <gtest/gtest.h>
#include <openssl/hmac.h>
#include <rapidjson/document.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "support/api_fixtures.h"
#include "support/eventually.h"
#include "support/webhook_receiver.h"

namespace linkstream {
namespace {

using testing::HttpClient;
using testing::ReceivedDelivery;
using testing::WebhookReceiver;

struct Webhook {
  std::string id;
  std::string secret;
};

Webhook register_webhook(HttpClient& http, const std::string& url, const std::string& types,
                         std::int64_t url_id) {
  const auto answer = http.post("/webhooks", R"({"url":")" + url + R"(","event_types":)" + types +
                                                 R"(,"url_id":)" + std::to_string(url_id) + "}");
  EXPECT_EQ(answer.status, 201) << answer.body;
  const auto json = answer.json();
  if (!json.IsObject() || !json.HasMember("secret")) return {};
  return {json["id"].GetString(), json["secret"].GetString()};
}

std::string hex_hmac(const std::string& key, const std::string& text) {
  unsigned char digest[32];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest, &size);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    static constexpr char kHex[] = "0123456789abcdef";
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

// What a receiver checks: "t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">", t recent.
bool signature_verifies(const ReceivedDelivery& delivery, const std::string& secret) {
  const auto it = delivery.headers.find("linkstream-signature");
  if (it == delivery.headers.end()) return false;
  const auto& header = it->second;
  const auto comma = header.find(",v1=");
  if (header.rfind("t=", 0) != 0 || comma == std::string::npos) return false;
  const auto t = header.substr(2, comma - 2);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  if (std::llabs(now - std::stoll(t)) > 300) return false;
  return header.substr(comma + 4) == hex_hmac(secret, t + "." + delivery.body);
}

// The ids of the distinct deliveries answered 2xx, in the order they were first taken.
std::vector<std::string> delivered_ids(const std::vector<ReceivedDelivery>& received) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const auto& delivery : received) {
    if (delivery.answered < 200 || delivery.answered > 299) continue;
    const auto id = delivery.headers.at("linkstream-delivery");
    if (seen.insert(id).second) ids.push_back(id);
  }
  return ids;
}

TEST(WebhookDelivery, EveryClickReachesAReceiverThatFailsHangsAndRecoversSignedAndInOrder) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/webhooks/clicks");
  const auto other = testing::create_url(http, user.id, "https://example.com/webhooks/other");
  // Three refusals, two hangs past the deliverer's 1 s timeout (it sees no answer, though
  // the receiver got the delivery: a repeat follows), then every request taken.
  WebhookReceiver receiver([](int n) { return n <= 3   ? 500
                                              : n <= 5 ? 0
                                                       : 200; },
                           std::chrono::milliseconds(1500));
  const auto webhook = register_webhook(http, receiver.url(), R"(["ClickRecorded"])", url.id);
  ASSERT_FALSE(webhook.id.empty());
  constexpr int kClicks = 20;
  for (int i = 0; i < kClicks; ++i) {
    ASSERT_EQ(http.get("/" + url.short_code).status, 302);
    ASSERT_EQ(http.get("/" + other.short_code).status, 302) << "not this webhook's URL";
  }

  ASSERT_TRUE(
      testing::eventually([&] { return delivered_ids(receiver.received()).size() >= kClicks; },
                          std::chrono::seconds(60)))
      << delivered_ids(receiver.received()).size() << " of " << kClicks << " delivered";
  const auto received = receiver.received();
  EXPECT_EQ(delivered_ids(received).size(), static_cast<std::size_t>(kClicks));
  std::map<std::string, std::string> body_of;  // delivery id: body, the same every time
  std::int64_t last_offset = -1;
  std::set<std::string> in_order;
  for (const auto& delivery : received) {
    EXPECT_TRUE(signature_verifies(delivery, webhook.secret)) << delivery.body;
    EXPECT_EQ(delivery.headers.at("linkstream-event"), "ClickRecorded");
    const auto id = delivery.headers.at("linkstream-delivery");
    auto [it, first] = body_of.emplace(id, delivery.body);
    EXPECT_EQ(it->second, delivery.body) << "a repeat is the same delivery";
    rapidjson::Document body;
    body.Parse(delivery.body.c_str());
    ASSERT_TRUE(body.IsObject()) << delivery.body;
    EXPECT_EQ(body["delivery_id"].GetString(), id);
    EXPECT_EQ(body["webhook_id"].GetString(), webhook.id);
    EXPECT_EQ(body["event"]["data"]["url_id"].GetInt64(), url.id);
    if (first) {
      // One webhook's deliveries are sent one at a time in log order: a delivery first
      // arrives only after every earlier one was taken.
      EXPECT_GT(body["position"]["offset"].GetInt64(), last_offset) << delivery.body;
      last_offset = body["position"]["offset"].GetInt64();
    }
  }
  EXPECT_GT(received.size(), static_cast<std::size_t>(kClicks))
      << "the refused and hanging attempts were repeated";

  const auto delivered = http.get("/webhooks/" + webhook.id + "/deliveries?state=delivered").json();
  ASSERT_TRUE(delivered.IsArray() && delivered.Size() == kClicks) << testing::text_of(delivered);
  EXPECT_GE(delivered[0]["attempts"].GetInt(), 4) << "three refusals and a hang came first";
}

TEST(WebhookDelivery, AHangingEndpointHoldsUpNoOtherWebhook) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/webhooks/slow");
  WebhookReceiver hanging([](int) { return 0; }, std::chrono::milliseconds(1500));
  WebhookReceiver healthy([](int) { return 204; });
  ASSERT_FALSE(register_webhook(http, hanging.url(), R"(["ClickRecorded"])", url.id).id.empty());
  ASSERT_FALSE(register_webhook(http, healthy.url(), R"(["ClickRecorded"])", url.id).id.empty());
  for (int i = 0; i < 5; ++i) ASSERT_EQ(http.get("/" + url.short_code).status, 302);
  EXPECT_TRUE(testing::eventually([&] { return delivered_ids(healthy.received()).size() == 5; },
                                  std::chrono::seconds(10)))
      << delivered_ids(healthy.received()).size() << " of 5 while the other endpoint hangs";
  EXPECT_TRUE(delivered_ids(hanging.received()).empty());
}

TEST(WebhookDelivery, ADeliveryGivenUpOnIsADeadLetterThatCanBeSentAgain) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/webhooks/dead");
  WebhookReceiver receiver([](int) { return 503; });
  const auto webhook = register_webhook(http, receiver.url(), R"(["ClickRecorded"])", url.id);
  ASSERT_FALSE(webhook.id.empty());
  ASSERT_EQ(http.get("/" + url.short_code).status, 302);

  const auto dead_path = "/webhooks/" + webhook.id + "/deliveries?state=dead";
  rapidjson::Document dead;
  ASSERT_TRUE(testing::eventually(
      [&] {
        dead = http.get(dead_path).json();
        return dead.IsArray() && dead.Size() == 1;
      },
      std::chrono::seconds(30)))
      << "given up after 10 s of failures";
  ASSERT_TRUE(dead[0].IsObject() && dead[0]["last_status"].IsInt()) << testing::text_of(dead);
  EXPECT_EQ(dead[0]["last_status"].GetInt(), 503);
  EXPECT_GE(receiver.received().size(), 2u) << "retried before giving up";
  const std::string delivery_id = dead[0]["delivery_id"].GetString();

  receiver.script([](int) { return 200; });
  const auto resend =
      http.post("/webhooks/" + webhook.id + "/deliveries/" + delivery_id + "/resend", "");
  EXPECT_EQ(resend.status, 202) << resend.body;
  EXPECT_TRUE(testing::eventually(
      [&] { return delivered_ids(receiver.received()) == std::vector<std::string>{delivery_id}; },
      std::chrono::seconds(15)))
      << "sent again with its delivery id";
  EXPECT_TRUE(testing::eventually([&] {
    const auto delivered =
        http.get("/webhooks/" + webhook.id + "/deliveries?state=delivered").json();
    return delivered.IsArray() && delivered.Size() == 1;
  }));
  EXPECT_EQ(
      http.post("/webhooks/" + webhook.id + "/deliveries/" + delivery_id + "/resend", "").status,
      409)
      << "only a dead delivery is sent again";
}

TEST(WebhookRegistration, TargetsFollowTheUrlPolicyAndADeletedWebhookIsSentNothingMore) {
  HttpClient http(testing::api_url());
  const auto user = testing::create_user(http);
  const auto url = testing::create_url(http, user.id, "https://example.com/webhooks/policy");
  for (const char* body :
       {R"({"url":"http://169.254.169.254/latest","event_types":["ClickRecorded"]})",
        R"({"url":"http://10.0.0.1/hook","event_types":["ClickRecorded"]})",
        R"({"url":"ftp://example.com/hook","event_types":["ClickRecorded"]})",
        R"({"url":"https://example.com/hook","event_types":["Nope"]})",
        R"({"url":"https://example.com/hook","event_types":[]})",
        R"({"url":"https://example.com/hook"})"}) {
    const auto refused = http.post("/webhooks", body);
    EXPECT_EQ(refused.status, 400) << body << ": " << refused.body;
    EXPECT_TRUE(refused.json().IsObject() && refused.json().HasMember("field")) << refused.body;
  }
  EXPECT_EQ(
      http.post("/webhooks", R"({"url":"https://example.com/hook","event_types":["ClickRecorded"],)"
                             R"("url_id":999999999999})")
          .status,
      404);

  WebhookReceiver receiver([](int) { return 200; });
  const auto webhook = register_webhook(http, receiver.url(), R"(["ClickRecorded"])", url.id);
  ASSERT_FALSE(webhook.id.empty());
  const auto shown = http.get("/webhooks/" + webhook.id);
  ASSERT_EQ(shown.status, 200) << shown.body;
  ASSERT_TRUE(shown.json().IsObject() && shown.json().HasMember("url")) << shown.body;
  EXPECT_FALSE(shown.json().HasMember("secret")) << "the secret is shown once";
  EXPECT_EQ(shown.json()["url"].GetString(), receiver.url());
  ASSERT_EQ(http.get("/" + url.short_code).status, 302);
  ASSERT_TRUE(testing::eventually([&] { return delivered_ids(receiver.received()).size() == 1; }));

  EXPECT_EQ(http.request("DELETE", "/webhooks/" + webhook.id, "").status, 204);
  EXPECT_EQ(http.get("/webhooks/" + webhook.id).status, 404);
  EXPECT_EQ(http.request("DELETE", "/webhooks/" + webhook.id, "").status, 404);
  // A second webhook on the same URL, registered after the deletion: once it has this
  // click, the deleted one would have had it too.
  WebhookReceiver witness([](int) { return 200; });
  ASSERT_FALSE(register_webhook(http, witness.url(), R"(["ClickRecorded"])", url.id).id.empty());
  ASSERT_EQ(http.get("/" + url.short_code).status, 302);
  ASSERT_TRUE(testing::eventually([&] { return delivered_ids(witness.received()).size() == 1; }));
  EXPECT_EQ(delivered_ids(receiver.received()).size(), 1u) << "nothing after its deletion";
}

}  // namespace
}  // namespace linkstream
