// Header bytes become text that every reader of the log and PostgreSQL accept.

#include "linkstream/schema/storable_text.h"

#include <gtest/gtest.h>

#include <random>

#include "linkstream/schema/codec.h"

namespace linkstream::schema {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

std::string repeated(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(StorableText, KeepsValidTextAsItIs) {
  EXPECT_EQ(storable_text("Mozilla/5.0 (X11)", 1024), "Mozilla/5.0 (X11)");
  EXPECT_EQ(storable_text("Zo\xC3\xAB \xE2\x82\xAC \xF0\x9F\x98\x80", 1024),
            "Zo\xC3\xAB \xE2\x82\xAC \xF0\x9F\x98\x80");
}

// The examples of Unicode's "U+FFFD substitution of maximal subparts" (chapter 3).
TEST(StorableText, ReplacesEachMaximalIllFormedPartOnce) {
  EXPECT_EQ(storable_text("a\xFF"
                          "b",
                          100),
            "a" + kFffd + "b");
  EXPECT_EQ(storable_text("\xC3\x28", 100), kFffd + "(");
  EXPECT_EQ(storable_text("\xC0\xAF", 100), repeated(kFffd, 2)) << "overlong";
  EXPECT_EQ(storable_text("\xE0\x80\xAF", 100), repeated(kFffd, 3)) << "overlong";
  EXPECT_EQ(storable_text("\xED\xA0\x80", 100), repeated(kFffd, 3)) << "surrogate";
  EXPECT_EQ(storable_text("\xF4\x90\x80\x80", 100), repeated(kFffd, 4)) << "above U+10FFFF";
  EXPECT_EQ(storable_text("\xE2\x82"
                          "A",
                          100),
            kFffd + "A")
      << "truncated";
  EXPECT_EQ(storable_text("\xF0\x9F\x98", 100), kFffd) << "truncated at the end";
}

TEST(StorableText, ReplacesNulBytes) {
  EXPECT_EQ(storable_text(std::string_view("a\0b", 3), 100), "a" + kFffd + "b");
}

TEST(StorableText, CutsBeforeACharacterThatWouldNotFitWhole) {
  EXPECT_EQ(storable_text("a\xC3\xA9", 2), "a");
  EXPECT_EQ(storable_text("a\xC3\xA9", 3), "a\xC3\xA9");
  EXPECT_EQ(storable_text("ab\xFF", 4), "ab") << "a replacement takes 3 bytes";
  EXPECT_EQ(storable_text(std::string(5000, 'x'), 2048).size(), 2048u);
}

// What the redirect path builds from any header bytes is read back by every reader.
TEST(StorableText, AClickBuiltFromRandomHeaderBytesAlwaysDecodes) {
  std::mt19937 random(20261201);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 3000);
  for (int i = 0; i < 2000; ++i) {
    std::string referrer(static_cast<std::size_t>(length(random)), '\0'), agent(40, '\0');
    for (auto& c : referrer) c = static_cast<char>(byte(random));
    for (auto& c : agent) c = static_cast<char>(byte(random));
    const auto event = make_event(ClickRecorded{.url_id = 1,
                                                .user_id = 2,
                                                .short_code = "aB3-_9",
                                                .referrer = storable_text(referrer, 2048),
                                                .user_agent = storable_text(agent, 1024),
                                                .visitor = std::string(32, 'a')});
    const auto encoded = encode(event);
    ASSERT_TRUE(encoded.ok()) << encoded.error;
    const auto decoded = decode(encoded.json);
    ASSERT_TRUE(decoded) << decoded.message;
    EXPECT_EQ(std::get<ClickRecorded>(decoded.event->body).referrer,
              std::get<ClickRecorded>(event.body).referrer);
  }
}

}  // namespace
}  // namespace linkstream::schema
