#include "linkstream/schema/timestamp.h"

#include <gtest/gtest.h>

namespace linkstream::schema {
namespace {

TEST(Timestamp, FormatsAsTheContractSays) {
  const auto t = parse_timestamp("2025-12-14T18:57:39");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_timestamp(*t), "2025-12-14T18:57:39");
}

TEST(Timestamp, AcceptsTheSeedFilesSpaceSeparatedForm) {
  const auto t = parse_timestamp("2025-12-14 18:57:39");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_timestamp(*t), "2025-12-14T18:57:39");
}

TEST(Timestamp, RejectsImpossibleDatesAndOtherShapes) {
  for (const char* bad : {"2025-02-30T00:00:00", "2025-13-01T00:00:00", "2025-01-01T24:00:00",
                          "2025-01-01", "2025-01-01T00:00:00Z", "yesterday", ""}) {
    EXPECT_FALSE(parse_timestamp(bad)) << bad;
  }
}

TEST(Timestamp, NowHasWholeSeconds) {
  const auto t = now();
  EXPECT_EQ(parse_timestamp(format_timestamp(t)), t);
}

}  // namespace
}  // namespace linkstream::schema
