// ?as_of= (http/instant_parameter.h): the instants a client may name, in UTC.
#include "http/instant_parameter.h"

#include <gtest/gtest.h>

namespace linkstream::api {
namespace {

std::string utc(std::string_view text) {
  auto instant = parse_instant(text);
  return instant ? schema::format_timestamp(*instant) : "refused";
}

TEST(InstantParameter, TheApisOwnTimestampsAreUtcAsTheyAre) {
  EXPECT_EQ(utc("2026-12-02T18:04:31"), "2026-12-02T18:04:31");
  EXPECT_EQ(utc("2026-12-02 18:04:31"), "2026-12-02T18:04:31");
}

TEST(InstantParameter, Rfc3339OffsetsAreAppliedAndFractionsDropped) {
  EXPECT_EQ(utc("2026-12-02T18:04:31Z"), "2026-12-02T18:04:31");
  EXPECT_EQ(utc("2026-12-02t18:04:31z"), "2026-12-02T18:04:31");
  EXPECT_EQ(utc("2026-12-02T19:34:31+01:30"), "2026-12-02T18:04:31");
  EXPECT_EQ(utc("2026-12-01T23:04:31-19:00"), "2026-12-02T18:04:31");
  EXPECT_EQ(utc("2026-12-02T18:04:31.999999Z"), "2026-12-02T18:04:31");
  EXPECT_EQ(utc("2026-12-02T18:04:31.5"), "2026-12-02T18:04:31");
  // Across a year's end, and a leap second.
  EXPECT_EQ(utc("2027-01-01T00:30:00+01:00"), "2026-12-31T23:30:00");
  EXPECT_EQ(utc("2016-12-31T23:59:60Z"), "2016-12-31T23:59:59");
}

TEST(InstantParameter, APlusThatAQueryStringDecodedToASpaceIsStillAPlus) {
  EXPECT_EQ(utc("2026-12-02T19:04:31 01:00"), "2026-12-02T18:04:31");
}

TEST(InstantParameter, RefusesWhatIsNotATime) {
  for (const char* text :
       {"", "now", "2026-12-02", "2026-12-02T18:04", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00",
        "2026-12-02T24:00:00Z", "2026-12-02T18:04:31.Z", "2026-12-02T18:04:31+1:00",
        "2026-12-02T18:04:31+24:00", "2026-12-02T18:04:31+01:60", "2026-12-02T18:04:31 Z",
        "2026-12-02T18:04:31ZZ", "2026-12-02T18:04:31+01:00:00", "1764698671",
        "2026-12-02X18:04:31Z"}) {
    EXPECT_EQ(utc(text), "refused") << text;
  }
}

}  // namespace
}  // namespace linkstream::api
