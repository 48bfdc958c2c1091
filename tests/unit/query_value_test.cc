#include "http/query_value.h"

#include <gtest/gtest.h>

namespace linkstream::api {
namespace {

TEST(QueryValue, PercentEncodedValuesReadAsTheClientMeantThem) {
  EXPECT_EQ(percent_decode("users%2F"), "users/");
  EXPECT_EQ(percent_decode("2026-11-28T07%3A00%3A00"), "2026-11-28T07:00:00");
  EXPECT_EQ(percent_decode("a+b%20c"), "a b c");
  EXPECT_EQ(percent_decode("%e2%9c%93"), "\xe2\x9c\x93");
  EXPECT_EQ(percent_decode("plain"), "plain");
}

TEST(QueryValue, BrokenEscapesAreKeptAsTheyAre) {
  EXPECT_EQ(percent_decode("100%"), "100%");
  EXPECT_EQ(percent_decode("%4"), "%4");
  EXPECT_EQ(percent_decode("%zz"), "%zz");
}

}  // namespace
}  // namespace linkstream::api
