// The click of a redirect is encoded without the schema check: whatever the client sends,
// every click the redirect path spools must be an event that every reader accepts. And a
// redirect sent again under its request id (nginx's retry) is the same click.

#include "domain/redirect_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "linkstream/schema/codec.h"

namespace linkstream::api {
namespace {

// One user with one active URL, code "aB3-_9", and a spool of its own.
class RedirectServiceTest : public ::testing::Test {
 protected:
  RedirectServiceTest() {
    view_.apply(schema::make_event(schema::UserRegistered{
        .user_id = 1, .username = "ada", .email = "ada@example.com", .created_at = schema::now()}));
    view_.apply(schema::make_event(schema::UrlCreated{.url_id = 7,
                                                      .user_id = 1,
                                                      .short_code = "aB3-_9",
                                                      .original_url = "https://example.com/a",
                                                      .title = std::nullopt,
                                                      .is_active = true,
                                                      .created_at = schema::now()}));
  }
  ~RedirectServiceTest() override { std::filesystem::remove_all(directory_); }

  // Every click spooled so far, decoded (a read returns at most 1 MiB of records).
  std::vector<schema::Event> spooled_clicks() {
    std::vector<schema::Event> clicks;
    for (auto at = spool_.shipped();;) {
      auto more = spool_.read(at, 1000);
      if (more.empty()) break;
      at = more.back().end;
      for (const auto& record : more) {
        auto decoded = schema::decode(record.payload);
        EXPECT_TRUE(decoded) << decoded.message;
        if (!decoded) continue;
        EXPECT_EQ(record.key, schema::partition_key(decoded.event->body));
        clicks.push_back(std::move(*decoded.event));
      }
    }
    return clicks;
  }

  const std::filesystem::path directory_ =
      std::filesystem::temp_directory_path() /
      ("linkstream-redirect-test-" + std::to_string(std::random_device{}()));
  View view_;
  ClickSpool spool_{{.directory = directory_.string()}};
  int not_recorded_ = 0;
  RedirectService redirects_{view_, spool_, "salt", [this] { ++not_recorded_; }};
};

TEST_F(RedirectServiceTest, EveryClickItSpoolsDecodesWhateverTheHeaders) {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 4000);
  const auto random_bytes = [&] {
    std::string bytes(static_cast<std::size_t>(length(random)), '\0');
    for (auto& c : bytes) c = static_cast<char>(byte(random));
    return bytes;
  };
  constexpr int kClicks = 500;
  for (int i = 0; i < kClicks; ++i) {
    const auto outcome =
        redirects_.follow("aB3-_9", {random_bytes(), random_bytes(), random_bytes()});
    ASSERT_EQ(outcome.kind, RedirectOutcome::Kind::kFound);
    EXPECT_EQ(outcome.location, "https://example.com/a");
  }
  EXPECT_EQ(redirects_.follow("nope", {}).kind, RedirectOutcome::Kind::kNotFound);
  EXPECT_EQ(not_recorded_, 0);

  const auto clicks = spooled_clicks();
  ASSERT_EQ(clicks.size(), static_cast<std::size_t>(kClicks));
  for (const auto& event : clicks) {
    const auto& click = std::get<schema::ClickRecorded>(event.body);
    EXPECT_EQ(click.url_id, 7);
    EXPECT_EQ(click.user_id, 1);
  }
}

TEST_F(RedirectServiceTest, ARedirectSentAgainUnderItsRequestIdIsTheSameClick) {
  const ClickContext nginx_attempt{std::nullopt, "curl/8", "203.0.113.7", "4f0c2a9e77d1b3c5"};
  ASSERT_EQ(redirects_.follow("aB3-_9", nginx_attempt).kind, RedirectOutcome::Kind::kFound);
  ASSERT_EQ(redirects_.follow("aB3-_9", nginx_attempt).kind, RedirectOutcome::Kind::kFound);
  auto another_request = nginx_attempt;
  another_request.request_id = "9d8e7f6a5b4c3d2e";
  ASSERT_EQ(redirects_.follow("aB3-_9", another_request).kind, RedirectOutcome::Kind::kFound);
  auto another_client = nginx_attempt;
  another_client.client_address = "198.51.100.1";
  ASSERT_EQ(redirects_.follow("aB3-_9", another_client).kind, RedirectOutcome::Kind::kFound);
  auto no_id = nginx_attempt;
  no_id.request_id.reset();
  ASSERT_EQ(redirects_.follow("aB3-_9", no_id).kind, RedirectOutcome::Kind::kFound);
  ASSERT_EQ(redirects_.follow("aB3-_9", no_id).kind, RedirectOutcome::Kind::kFound);

  const auto clicks = spooled_clicks();
  ASSERT_EQ(clicks.size(), 6u);
  EXPECT_EQ(clicks[0].id, clicks[1].id) << "the same request, spooled twice: one click id";
  EXPECT_NE(clicks[2].id, clicks[0].id) << "another request id";
  EXPECT_NE(clicks[3].id, clicks[0].id) << "the same id from another client is not a retry";
  EXPECT_NE(clicks[4].id, clicks[5].id) << "without a request id, every redirect is a click";
}

}  // namespace
}  // namespace linkstream::api
