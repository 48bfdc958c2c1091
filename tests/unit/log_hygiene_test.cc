// What of a client reaches the logs (platform/logging.h): its address only anonymised, and
// its text only inside the line that quotes it.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <spdlog/spdlog.h>

#include "linkstream/platform/logging.h"

namespace linkstream::platform {
namespace {

TEST(AnonymiseAddress, IPv4KeepsItsFirstThreeOctets) {
  EXPECT_EQ(anonymise_address("203.0.113.77"), "203.0.113.0");
  EXPECT_EQ(anonymise_address("127.0.0.1"), "127.0.0.0");
}

TEST(AnonymiseAddress, IPv6KeepsItsFirst48BitsHoweverItIsWritten) {
  EXPECT_EQ(anonymise_address("2001:db8::1"), "2001:db8::") << "was 2001:db8:::";
  EXPECT_EQ(anonymise_address("2001:db8:1:2:3:4:5:6"), "2001:db8:1::");
  EXPECT_EQ(anonymise_address("2001:DB8:0001:abcd::9"), "2001:db8:1::");
  EXPECT_EQ(anonymise_address("::1"), "::");
  EXPECT_EQ(anonymise_address("::ffff:198.51.100.23"), "198.51.100.0") << "IPv4-mapped";
}

TEST(AnonymiseAddress, WhatIsNotAnAddressIsUnknownNotEchoed) {
  for (const auto* text : {"", "example.com", "1.2.3", "2001:db8::1::2", "evil\n{\"level\":1}"})
    EXPECT_EQ(anonymise_address(text), "unknown") << text;
}

TEST(LogLines, TextFromAClientCannotForgeASecondLine) {
  setup_logging("log-hygiene-test", 16);
  const std::string forged = "x\n{\"level\":\"critical\",\"message\":\"forged\"}\r\u2028\x1b[2J";
  spdlog::warn("no user named '{}'", forged);
  const auto lines = recent_log_lines();
  ASSERT_FALSE(lines.empty());
  const auto& line = lines.back();
  EXPECT_EQ(line.json.find_first_of("\n\r\x1b"), std::string::npos) << line.json;
  rapidjson::Document parsed;
  parsed.Parse(line.json.c_str(), line.json.size());
  ASSERT_FALSE(parsed.HasParseError()) << line.json;
  EXPECT_STREQ(parsed["level"].GetString(), "warning");
  EXPECT_EQ(std::string(parsed["message"].GetString()), "no user named '" + forged + "'")
      << "the text is kept, escaped";
}

}  // namespace
}  // namespace linkstream::platform
