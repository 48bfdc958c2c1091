#include "linkstream/schema/fold.h"

#include <gtest/gtest.h>

#include "linkstream/schema/topics.h"
#include "support/event_builders.h"

namespace linkstream::schema {
namespace {

using testing::keyed;
using testing::url;
using testing::user;

const std::string kKeyedId = "6f1c2b9a-3d4e-5f60-8a7b-9c0d1e2f3a4b";
const std::string kDigest(64, 'a');

TEST(Fold, ASecondAttemptOfAKeyedCreateIsVoidAndTheFirstIsRemembered) {
  // A client's retry of a create (same Idempotency-Key: same event id and digest) reaches
  // the log after the first attempt: it must not create a second user.
  State state;
  EXPECT_TRUE(fold(state, keyed(user(1, "ada", "ada@example.com"), kKeyedId, kDigest)).accepted());
  EXPECT_EQ(fold(state, keyed(user(2, "ada", "ada@example.com"), kKeyedId, kDigest)).reason,
            VoidReason::kRepeatedRequest);
  EXPECT_EQ(state.user_count(), 1u);
  ASSERT_NE(state.keyed_request(kKeyedId), nullptr);
  EXPECT_EQ(state.keyed_request(kKeyedId)->entity_id, 1);
  EXPECT_EQ(state.keyed_request(kKeyedId)->digest, kDigest);
}

TEST(Fold, AKeyedAttemptThatLostAnIdRaceLeavesTheKeyForTheNextAttempt) {
  // The api retries an id race with a fresh id under the same event id: only an accepted
  // attempt claims the key.
  State state;
  fold(state, user(1, "bob", "bob@example.com"));
  EXPECT_EQ(fold(state, keyed(user(1, "ada", "ada@example.com"), kKeyedId, kDigest)).reason,
            VoidReason::kUserIdTaken);
  EXPECT_EQ(state.keyed_request(kKeyedId), nullptr);
  EXPECT_TRUE(fold(state, keyed(user(2, "ada", "ada@example.com"), kKeyedId, kDigest)).accepted());
  EXPECT_EQ(state.keyed_request(kKeyedId)->entity_id, 2);
}

TEST(Fold, AnEventWithoutADigestIsNeverTakenForARepeat) {
  // Random ids never repeat; a repeated id without a digest is not a keyed request.
  State state;
  fold(state, keyed(url(10, "abc"), kKeyedId, kDigest));
  auto plain = url(11, "def");
  plain.id = kKeyedId;
  EXPECT_TRUE(fold(state, plain).accepted());
}

TEST(Fold, KeyedRequestsAreForgottenADayOfLogTimeLater) {
  State state;
  auto first = keyed(url(10, "abc"), kKeyedId, kDigest);
  fold(state, first);
  auto next_day = keyed(url(11, "def"), "7f1c2b9a-3d4e-5f60-8a7b-9c0d1e2f3a4b", kDigest);
  next_day.occurred_at = first.occurred_at + std::chrono::hours(23);
  fold(state, next_day);
  EXPECT_NE(state.keyed_request(kKeyedId), nullptr) << "23 hours later";
  auto later = keyed(url(12, "ghi"), "8f1c2b9a-3d4e-5f60-8a7b-9c0d1e2f3a4b", kDigest);
  later.occurred_at = first.occurred_at + std::chrono::hours(25);
  fold(state, later);
  EXPECT_EQ(state.keyed_request(kKeyedId), nullptr) << "25 hours later";
  EXPECT_NE(state.keyed_request(next_day.id), nullptr);
}

TEST(Fold, ARegisteredUserCanBeFoundByIdAndEmail) {
  State state;
  EXPECT_TRUE(fold(state, user(5, "ada", "Ada@Example.com")).accepted());
  ASSERT_NE(state.user(5), nullptr);
  EXPECT_EQ(state.user(5)->username, "ada");
  EXPECT_EQ(state.user_by_email("ada@example.COM"), state.user(5))
      << "e-mails compare case-insensitively";
  EXPECT_TRUE(state.username_taken("ada"));
  EXPECT_EQ(state.highest_user_id(), 5);
}

TEST(Fold, TheSecondClaimOnAnEmailIsVoidAndChangesNothing) {
  State state;
  fold(state, user(1, "ada", "ada@example.com"));
  EXPECT_EQ(fold(state, user(2, "bob", "ADA@example.com")).reason, VoidReason::kEmailTaken);
  EXPECT_EQ(state.user(2), nullptr);
  EXPECT_FALSE(state.username_taken("bob"));
  EXPECT_EQ(state.user_count(), 1u);
}

TEST(Fold, TheSecondClaimOnAUsernameOrAnIdIsVoid) {
  State state;
  fold(state, user(1, "ada", "ada@example.com"));
  EXPECT_EQ(fold(state, user(2, "ada", "other@example.com")).reason, VoidReason::kUsernameTaken);
  EXPECT_EQ(fold(state, user(1, "bob", "bob@example.com")).reason, VoidReason::kUserIdTaken);
  EXPECT_EQ(state.user_count(), 1u);
}

TEST(Fold, ARealConflictIsReportedBeforeAnIdRace) {
  // A replica that lost an id race retries with a new id; a real conflict must not be
  // hidden behind that retry.
  State state;
  fold(state, user(1, "ada", "ada@example.com"));
  EXPECT_EQ(fold(state, user(1, "other", "ada@example.com")).reason, VoidReason::kEmailTaken);
}

TEST(Fold, ShortCodesAreUniqueAndCaseSensitive) {
  State state;
  EXPECT_TRUE(fold(state, url(1, "abcDEF")).accepted());
  EXPECT_TRUE(fold(state, url(2, "ABCdef")).accepted());
  EXPECT_EQ(fold(state, url(3, "abcDEF")).reason, VoidReason::kShortCodeTaken);
  EXPECT_EQ(fold(state, url(2, "zzzzzz")).reason, VoidReason::kUrlIdTaken);
  EXPECT_EQ(state.url_by_short_code("abcDEF")->id, 1);
  EXPECT_EQ(state.url_by_short_code("zzzzzz"), nullptr);
  EXPECT_EQ(state.highest_url_id(), 2);
}

TEST(Fold, ClicksChangeNoEntity) {
  State state;
  fold(state, url(1, "abcDEF"));
  EXPECT_TRUE(
      fold(state, make_event(ClickRecorded{.url_id = 1, .user_id = 1, .short_code = "abcDEF"}))
          .accepted());
  EXPECT_EQ(state.url_count(), 1u);
}

TEST(Fold, TwoReadersOfTheSameLogAgreeOnEveryVerdict) {
  const std::vector<Event> log = {user(1, "ada", "a@x.io"), user(2, "bob", "a@x.io"),
                                  user(2, "cy", "c@x.io"),  url(1, "code01"),
                                  url(2, "code01"),         url(2, "code02")};
  State first, second;
  for (const auto& event : log) {
    EXPECT_EQ(fold(first, event).reason, fold(second, event).reason);
  }
  EXPECT_EQ(first.user_count(), 2u);
  EXPECT_EQ(first.url_count(), 2u);
}

Event imported(std::int64_t id, std::string username, std::string email) {
  return make_event(UserImported{.user_id = id,
                                 .username = std::move(username),
                                 .email = std::move(email),
                                 .created_at = *parse_timestamp("2025-01-01T00:00:00")});
}

TEST(Fold, ImportedUsersMayRepeatAUsernameButNotAnEmail) {
  State state;
  EXPECT_TRUE(fold(state, imported(1, "same", "a@x.io")).accepted());
  EXPECT_TRUE(fold(state, imported(2, "same", "b@x.io")).accepted())
      << "seed files carry duplicate usernames";
  EXPECT_EQ(fold(state, imported(3, "other", "A@x.io")).reason, VoidReason::kEmailTaken);
}

TEST(Fold, AKeyedImportRowIsRememberedSoARetryUnderANewIdCreatesNoSecondUser) {
  // A row without an id gets a fresh one in every attempt of its import; the row's event
  // id (from the import's key and the row's line) is what tells the retry.
  State state;
  EXPECT_TRUE(fold(state, keyed(imported(7, "ada", "ada@x.io"), kKeyedId, kDigest)).accepted());
  EXPECT_EQ(fold(state, keyed(imported(8, "ada", "ada@x.io"), kKeyedId, kDigest)).reason,
            VoidReason::kRepeatedRequest);
  EXPECT_EQ(state.user_count(), 1u);
  ASSERT_NE(state.keyed_request(kKeyedId), nullptr);
  EXPECT_EQ(state.keyed_request(kKeyedId)->entity_id, 7);
}

TEST(Fold, ReimportingAnIdenticalRowIsANoOpAndADifferentOneIsVoid) {
  State state;
  fold(state, imported(1, "ada", "a@x.io"));
  EXPECT_TRUE(fold(state, imported(1, "ada", "a@x.io")).accepted());
  EXPECT_EQ(state.user_count(), 1u);
  EXPECT_EQ(fold(state, imported(1, "ada2", "a@x.io")).reason, VoidReason::kUserIdTaken);
  EXPECT_EQ(state.user(1)->username, "ada");
}

TEST(Fold, UpdatesCheckConflictsAndFreeWhatTheyReplace) {
  State state;
  fold(state, user(1, "ada", "a@x.io"));
  fold(state, user(2, "bob", "b@x.io"));
  EXPECT_EQ(fold(state, make_event(UserUpdated{.user_id = 2, .email = "A@x.io"})).reason,
            VoidReason::kEmailTaken);
  EXPECT_EQ(fold(state, make_event(UserUpdated{.user_id = 2, .username = "ada"})).reason,
            VoidReason::kUsernameTaken);
  EXPECT_TRUE(
      fold(state, make_event(UserUpdated{.user_id = 1, .username = "ada2", .email = "new@x.io"}))
          .accepted());
  EXPECT_FALSE(state.username_taken("ada"));
  EXPECT_EQ(state.user_by_email("a@x.io"), nullptr);
  EXPECT_EQ(state.user_by_email("new@x.io")->id, 1);
  EXPECT_EQ(fold(state, make_event(UserUpdated{.user_id = 9, .username = "x"})).reason,
            VoidReason::kUnknownUser);
}

TEST(Fold, ADeletedUserFreesItsEmailButNotItsIdAndIsMarkedForRedirects) {
  State state;
  fold(state, user(1, "ada", "a@x.io"));
  EXPECT_TRUE(fold(state, make_event(UserDeleted{.user_id = 1})).accepted());
  EXPECT_EQ(state.user(1), nullptr);
  EXPECT_TRUE(state.user_deleted(1));
  EXPECT_TRUE(fold(state, user(2, "ada", "a@x.io")).accepted());
  EXPECT_EQ(fold(state, user(1, "cy", "c@x.io")).reason, VoidReason::kUserIdTaken);
  EXPECT_EQ(fold(state, make_event(UserDeleted{.user_id = 1})).reason, VoidReason::kUnknownUser);
}

TEST(Fold, UrlUpdatesChangeOnlyTheFieldsPresentAndDeletesKeepTheCodeTaken) {
  State state;
  fold(state, url(1, "abc123", 7));
  const auto later = *parse_timestamp("2030-01-01T00:00:00");
  EXPECT_TRUE(fold(state, make_event(UrlUpdated{.url_id = 1,
                                                .title = std::optional<std::string>("T"),
                                                .is_active = false,
                                                .updated_at = later}))
                  .accepted());
  EXPECT_EQ(state.url(1)->title, "T");
  EXPECT_FALSE(state.url(1)->is_active);
  EXPECT_EQ(state.url(1)->original_url, "https://example.com/1");
  EXPECT_EQ(state.url(1)->updated_at, later);
  EXPECT_EQ(state.url_ids_of(7).size(), 1u);
  EXPECT_TRUE(fold(state, make_event(UrlDeleted{.url_id = 1})).accepted());
  EXPECT_EQ(state.url_by_short_code("abc123"), nullptr);
  EXPECT_TRUE(state.short_code_taken("abc123"));
  EXPECT_EQ(fold(state, url(2, "abc123")).reason, VoidReason::kShortCodeTaken);
  EXPECT_TRUE(state.url_ids_of(7).empty());
  EXPECT_EQ(fold(state, make_event(UrlDeleted{.url_id = 1})).reason, VoidReason::kUnknownUrl);
}

TEST(Fold, UsersAndUrlsAreListedInIdOrder) {
  State state;
  for (std::int64_t id : {5, 2, 9})
    fold(state, user(id, "u" + std::to_string(id), std::to_string(id) + "@x.io"));
  std::vector<std::int64_t> ids;
  for (const auto& [id, u] : state.users()) ids.push_back(id);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{2, 5, 9}));
}

TEST(Topics, EventsGoToTheirDocumentedTopicsAndKeys) {
  EXPECT_EQ(topic_name(topic_of(user(1, "a", "a@b.c").body)), "linkstream.users");
  EXPECT_EQ(topic_name(topic_of(url(1, "x").body)), "linkstream.urls");
  const EventBody click = ClickRecorded{.url_id = 1, .user_id = 1, .short_code = "abc"};
  EXPECT_EQ(topic_name(topic_of(click)), "linkstream.clicks");
  EXPECT_EQ(partition_key(click), "abc") << "clicks of one URL share a partition";
  EXPECT_EQ(topic_from_name("linkstream.urls"), Topic::kUrls);
  EXPECT_FALSE(topic_from_name("urls"));
}

TEST(Topics, RowIdsAreReadableFromTheLogPositionAndSafeForJavaScript) {
  EXPECT_EQ(event_row_id(Topic::kClicks, 2, 41), 3'020'000'000'000'410);
  EXPECT_EQ(event_row_id(Topic::kUrls, 0, 7, 2), 2'000'000'000'000'072)
      << "the third row of one event";
  EXPECT_LT(event_row_id(Topic::kEvents, 99, 999'999'999'999, 9), (std::int64_t{1} << 53));
  EXPECT_GE(event_row_id(Topic::kUsers, 0, 0), kFirstLogDerivedRowId) << "imported ids stay below";
}

}  // namespace
}  // namespace linkstream::schema
