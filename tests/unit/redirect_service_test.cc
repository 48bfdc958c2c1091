// The click of a redirect is encoded without the schema check: whatever the client sends,
// every click the redirect path spools must be an event that every reader accepts.

#include "domain/redirect_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "linkstream/schema/codec.h"

namespace linkstream::api {
namespace {

TEST(RedirectService, EveryClickItSpoolsDecodesWhateverTheHeaders) {
  const auto directory = std::filesystem::temp_directory_path() /
                         ("linkstream-redirect-test-" + std::to_string(std::random_device{}()));
  {
    View view;
    view.apply(schema::make_event(schema::UserRegistered{
        .user_id = 1, .username = "ada", .email = "ada@example.com", .created_at = schema::now()}));
    view.apply(schema::make_event(schema::UrlCreated{.url_id = 7,
                                                     .user_id = 1,
                                                     .short_code = "aB3-_9",
                                                     .original_url = "https://example.com/a",
                                                     .title = std::nullopt,
                                                     .is_active = true,
                                                     .created_at = schema::now()}));
    ClickSpool spool({.directory = directory.string()});
    int not_recorded = 0;
    RedirectService redirects(view, spool, "salt", [&] { ++not_recorded; });

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
          redirects.follow("aB3-_9", {random_bytes(), random_bytes(), random_bytes()});
      ASSERT_EQ(outcome.kind, RedirectOutcome::Kind::kFound);
      EXPECT_EQ(outcome.location, "https://example.com/a");
    }
    EXPECT_EQ(redirects.follow("nope", {}).kind, RedirectOutcome::Kind::kNotFound);
    EXPECT_EQ(not_recorded, 0);

    std::vector<ClickSpool::Record> records;
    for (auto at = spool.shipped();;) {  // a read returns at most 1 MiB of records
      auto more = spool.read(at, kClicks + 1);
      if (more.empty()) break;
      at = more.back().end;
      records.insert(records.end(), more.begin(), more.end());
    }
    ASSERT_EQ(records.size(), static_cast<std::size_t>(kClicks));
    for (const auto& record : records) {
      const auto decoded = schema::decode(record.payload);
      ASSERT_TRUE(decoded) << decoded.message;
      const auto& click = std::get<schema::ClickRecorded>(decoded.event->body);
      EXPECT_EQ(click.url_id, 7);
      EXPECT_EQ(click.user_id, 1);
      EXPECT_EQ(record.key, schema::partition_key(decoded.event->body));
    }
  }
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace linkstream::api
