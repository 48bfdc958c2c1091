#include "domain/validation.h"

#include <gtest/gtest.h>

#include <set>

#include "domain/short_code.h"

namespace linkstream::api {
namespace {

TEST(Validation, EmailsNeedAnAtAndADotInTheDomain) {
  EXPECT_EQ(check_email("ada@example.com"), std::nullopt);
  EXPECT_EQ(check_email("a.b+c@sub.example.co"), std::nullopt);
  for (const char* bad : {"ada", "ada@example", "@example.com", "ada@.com", "ada@example.",
                          "a da@x.io", "a@b@c.io", ""}) {
    EXPECT_NE(check_email(bad), std::nullopt) << bad;
  }
}

TEST(Validation, UsernamesMustBeNonEmptyPrintableText) {
  EXPECT_EQ(check_username("ada lovelace"), std::nullopt);
  for (const char* bad : {"", " ada", "ada ", "a\tb"})
    EXPECT_NE(check_username(bad), std::nullopt) << bad;
  EXPECT_NE(check_username(std::string(256, 'a')), std::nullopt);
}

TEST(Validation, NamesAndTitlesRefuseC1AndBidirectionalFormattingCharacters) {
  for (const char* bad :
       {"ok\u202Eevil", "a\u202Ab", "iso\u2066late\u2069", "c1\u0085x", "c1\u009fx"}) {
    EXPECT_NE(check_username(bad), std::nullopt) << bad;
    EXPECT_NE(check_title(bad), std::nullopt) << bad;
  }
  for (const char* fine : {"caf\u00e9", "\u00a0nbsp", "\u2013 dash \u2014", "\u201cquoted\u201d",
                           "emoji \U0001F600", "\u05e9\u05dc\u05d5\u05dd"}) {
    EXPECT_EQ(check_username(fine), std::nullopt) << fine;
    EXPECT_EQ(check_title(fine), std::nullopt) << fine;
  }
}

TEST(Validation, CustomShortCodesAreUrlSafeAndNeverAnApiPath) {
  EXPECT_EQ(check_custom_short_code("my-link_2"), std::nullopt);
  for (const char* bad : {"", "a b", "a/b", "ü", "users", "events", "health"}) {
    EXPECT_NE(check_custom_short_code(bad), std::nullopt) << bad;
  }
}

TEST(ShortCode, GeneratedCodesAreSixRandomAlphanumerics) {
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const auto code = random_short_code();
    ASSERT_EQ(code.size(), 6u);
    for (char c : code) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << code;
    EXPECT_FALSE(is_reserved_path(code));
    seen.insert(code);
  }
  EXPECT_GT(seen.size(), 1990u) << "codes must not repeat in a small sample";
}

}  // namespace
}  // namespace linkstream::api
