#include "view/view.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>

namespace linkstream::api {
namespace {

TEST(ViewIds, ALoneReplicaHandsOutConsecutiveIds) {
  View view;
  EXPECT_EQ(view.next_url_id(), 1);
  EXPECT_EQ(view.next_url_id(), 2);
  EXPECT_EQ(view.next_user_id(), 1);
  EXPECT_EQ(view.next_user_id(), 2);
}

// After a race with another replica, ids stay increasing and unique, in one lane (one
// residue modulo kIdLanes); a second race moves them to another lane.
TEST(ViewIds, AfterARaceIdsKeepToALaneOfTheirOwn) {
  View view;
  view.next_url_id();
  view.report_id_race();
  std::set<std::int64_t> residues;
  std::int64_t previous = 1;
  for (int i = 0; i < 10; ++i) {
    const auto id = view.next_url_id();
    EXPECT_GT(id, previous);
    EXPECT_LE(id - previous, View::kIdLanes);
    residues.insert(id % View::kIdLanes);
    previous = id;
  }
  EXPECT_EQ(residues.size(), 1u);

  const auto old_lane = *residues.begin();
  view.report_id_race();
  const auto moved = view.next_url_id();
  EXPECT_GT(moved, previous);
  EXPECT_NE(moved % View::kIdLanes, old_lane);
  EXPECT_EQ(view.next_user_id() % View::kIdLanes, moved % View::kIdLanes);
}

TEST(ViewIds, IdsComeBackToConsecutiveAfterManyWithoutARace) {
  View view;
  view.report_id_race();
  std::int64_t id = 0;
  for (std::int64_t i = 0; i < View::kIdsBeforeLeavingLane; ++i) id = view.next_url_id();
  EXPECT_EQ(view.next_url_id(), id + 1);
  EXPECT_EQ(view.next_url_id(), id + 2);
}

}  // namespace
}  // namespace linkstream::api

namespace linkstream::api {
namespace {

using Clock = std::chrono::steady_clock;
const LogPosition kAt{{{schema::Topic::kUsers, 0}, 5}, {{schema::Topic::kUrls, 1}, 3}};

TEST(ViewPosition, AWaitForAPositionAlreadyFoldedIsAnsweredAtOnce) {
  View view;
  view.set_folded({{{schema::Topic::kUsers, 0}, 7}, {{schema::Topic::kUrls, 1}, 3}});
  std::optional<bool> answer;
  view.await_position(kAt, Clock::now() + std::chrono::seconds(5), [&](bool r) { answer = r; });
  EXPECT_EQ(answer, true);
}

TEST(ViewPosition, AWaitIsAnsweredWhenTheFoldGetsThereOrFalseAtItsDeadline) {
  View view;
  std::optional<bool> reached, late;
  view.await_position(kAt, Clock::now() + std::chrono::seconds(60), [&](bool r) { reached = r; });
  view.await_position({{{schema::Topic::kUsers, 0}, 100}}, Clock::now(), [&](bool r) { late = r; });
  view.set_folded({{{schema::Topic::kUsers, 0}, 5}});  // one partition is not there yet
  EXPECT_FALSE(reached.has_value());
  view.set_folded({{{schema::Topic::kUsers, 0}, 5}, {{schema::Topic::kUrls, 1}, 3}});
  EXPECT_EQ(reached, true);
  EXPECT_FALSE(late.has_value());
  view.expire_waits(Clock::now());
  EXPECT_EQ(late, false);
}

}  // namespace
}  // namespace linkstream::api
