// The State's short-code index keeps each code once, in its URL, and finds an id through
// the URL it names: a copy or a move of a State must keep every lookup working.

#include "linkstream/schema/state.h"

#include <gtest/gtest.h>

#include <memory>
#include <utility>

#include "linkstream/schema/fold.h"
#include "support/event_builders.h"

namespace linkstream::schema {
namespace {

using testing::url;
using testing::user;

State with_urls() {
  State s;
  fold(s, user(1, "ada", "ada@example.com"));
  fold(s, url(7, "seven"));
  fold(s, url(8, "eight"));
  fold(s, make_event(UrlDeleted{.url_id = 8}));
  return s;
}

void expect_the_same_urls(const State& s) {
  ASSERT_NE(s.url_by_short_code("seven"), nullptr);
  EXPECT_EQ(s.url_by_short_code("seven")->id, 7);
  EXPECT_EQ(s.url_by_short_code("eight"), nullptr) << "a deleted URL does not redirect";
  EXPECT_TRUE(s.short_code_taken("eight")) << "a deleted URL's code stays taken";
  EXPECT_FALSE(s.short_code_taken("nine"));
  EXPECT_EQ(s.url_count(), 1u);
}

TEST(State, ACopyFindsItsUrlsAfterTheOriginalIsGone) {
  auto original = std::make_unique<State>(with_urls());
  State copy(*original);
  original.reset();
  expect_the_same_urls(copy);
  // The copy's index follows the copy's own URLs.
  EXPECT_TRUE(fold(copy, url(9, "nine")).accepted());
  EXPECT_EQ(copy.url_by_short_code("nine")->id, 9);
  EXPECT_EQ(fold(copy, url(10, "seven")).reason, VoidReason::kShortCodeTaken);
  EXPECT_EQ(fold(copy, url(11, "eight")).reason, VoidReason::kShortCodeTaken);
}

TEST(State, AMovedStateFindsItsUrlsAndTheMovedFromOneIsEmptyAndUsable) {
  State source = with_urls();
  State moved(std::move(source));
  expect_the_same_urls(moved);
  EXPECT_EQ(source.url_count(), 0u);  // NOLINT(bugprone-use-after-move): part of the contract
  EXPECT_FALSE(source.short_code_taken("seven"));
  EXPECT_TRUE(fold(source, user(1, "ada", "ada@example.com")).accepted());
  EXPECT_TRUE(fold(source, url(7, "seven")).accepted());
  EXPECT_EQ(source.url_by_short_code("seven")->id, 7);

  State assigned;
  assigned = std::move(moved);
  expect_the_same_urls(assigned);
  assigned = source;  // copy-assigned over a full State
  EXPECT_EQ(assigned.url_by_short_code("seven")->id, 7);
  EXPECT_FALSE(assigned.short_code_taken("eight"));
}

TEST(State, ManyUrlsAreFoundByCodeAfterTheIndexGrew) {
  State s;
  fold(s, user(1, "ada", "ada@example.com"));
  for (int i = 1; i <= 20000; ++i) ASSERT_TRUE(fold(s, url(i, "c" + std::to_string(i))).accepted());
  for (int i = 1; i <= 20000; i += 997)
    EXPECT_EQ(s.url_by_short_code("c" + std::to_string(i))->id, i);
  EXPECT_EQ(s.url_ids_of(1).size(), 20000u);
}

TEST(State, CodesFindTheirUrlsThroughDeletesAndNewUrlsInFreedSlots) {
  State s;
  fold(s, user(1, "ada", "ada@example.com"));
  for (int i = 1; i <= 3000; ++i) ASSERT_TRUE(fold(s, url(i, "c" + std::to_string(i))).accepted());
  for (int i = 1; i <= 3000; i += 3)
    ASSERT_TRUE(fold(s, make_event(UrlDeleted{.url_id = i})).accepted());
  // New URLs take the deleted ones' slots; every code still finds its own URL.
  for (int i = 3001; i <= 4000; ++i)
    ASSERT_TRUE(fold(s, url(i, "c" + std::to_string(i))).accepted());
  for (int i = 1; i <= 4000; ++i) {
    const auto* found = s.url_by_short_code("c" + std::to_string(i));
    if (i <= 3000 && i % 3 == 1) {
      EXPECT_EQ(found, nullptr) << i;
      EXPECT_TRUE(s.short_code_taken("c" + std::to_string(i))) << i;
    } else {
      ASSERT_NE(found, nullptr) << i;
      EXPECT_EQ(found->id, i);
      EXPECT_EQ(found, s.url(i));
    }
  }
  EXPECT_EQ(s.url_count(), 3000u);
}

}  // namespace
}  // namespace linkstream::schema
