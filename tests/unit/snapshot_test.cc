#include "linkstream/schema/snapshot.h"

#include <gtest/gtest.h>

#include <vector>

#include "linkstream/schema/fold.h"
#include "support/event_builders.h"

namespace linkstream::schema {
namespace {

using testing::keyed;
using testing::url;
using testing::user;

// A history touching every part of a State: imported users sharing a username, updates,
// deletions of users and URLs (whose ids and codes stay taken), titles set and absent.
std::vector<Event> history() {
  return {
      user(1, "ada", "Ada@Example.com"),
      user(2, "bob", "bob@example.com"),
      make_event(UserImported{
          .user_id = 3, .username = "ada", .email = "ada2@example.com", .created_at = now()}),
      make_event(UserUpdated{.user_id = 2, .username = "robert", .email = "rob@example.com"}),
      user(4, "gone", "gone@example.com"),
      make_event(UserDeleted{.user_id = 4}),
      url(10, "first", 1, "A title"),
      keyed(url(13, "keyed", 2), "6f1c2b9a-3d4e-5f60-8a7b-9c0d1e2f3a4b", std::string(64, 'b')),
      url(11, "second", 2),
      url(12, "retired", 1),
      make_event(UrlDeleted{.url_id = 12}),
      make_event(UrlUpdated{.url_id = 11,
                            .original_url = "https://example.com/moved",
                            .title = std::optional<std::string>("now titled"),
                            .is_active = false,
                            .updated_at = now()}),
  };
}

// What comes after the snapshot: each checks one part of the state the snapshot kept.
std::vector<Event> later() {
  return {
      user(20, "x", "ADA@example.com"),       // e-mail index, case-insensitive: void
      user(21, "robert", "r2@example.com"),   // username index after an update: void
      user(22, "bob", "bob2@example.com"),    // the old username is free again
      user(4, "again", "again@example.com"),  // a deleted user's id stays taken: void
      user(23, "gone", "gone@example.com"),   // a deleted user's e-mail is free
      url(30, "retired", 1),                  // a deleted URL's code stays taken: void
      url(12, "fresh", 1),                    // a deleted URL's id stays taken: void
      url(31, "first", 2),                    // a live code: void
      make_event(UrlDeleted{.url_id = 10}),   // the owner's URL set is kept
      make_event(UserDeleted{.user_id = 3}),
      // a keyed request's retry: void (repeated_request) only if the snapshot kept the key
      keyed(url(32, "again", 2), "6f1c2b9a-3d4e-5f60-8a7b-9c0d1e2f3a4b", std::string(64, 'b')),
  };
}

TEST(Snapshot, AStateReadBackFoldsLaterEventsExactlyAsTheOriginal) {
  State original;
  for (const auto& event : history()) fold(original, event);
  const SnapshotOffsets offsets{{{Topic::kUsers, 0}, 6}, {{Topic::kUrls, 0}, 5}};
  const auto bytes = encode_snapshot(original, offsets);

  std::string error;
  auto restored = decode_snapshot(bytes, &error);
  ASSERT_TRUE(restored) << error;
  EXPECT_EQ(restored->next_offsets, offsets);
  EXPECT_EQ(encode_snapshot(restored->state, offsets), bytes) << "read back, written the same";
  EXPECT_EQ(restored->state.user_count(), original.user_count());
  EXPECT_EQ(restored->state.url_count(), original.url_count());
  EXPECT_EQ(restored->state.url(10)->title, "A title");
  EXPECT_FALSE(restored->state.url(11)->is_active);
  EXPECT_EQ(restored->state.highest_user_id(), 4);
  EXPECT_EQ(restored->state.highest_url_id(), 13);
  ASSERT_NE(restored->state.keyed_request("6f1c2b9a-3d4e-5f60-8a7b-9c0d1e2f3a4b"), nullptr);
  EXPECT_EQ(restored->state.keyed_request("6f1c2b9a-3d4e-5f60-8a7b-9c0d1e2f3a4b")->entity_id, 13);

  for (const auto& event : later()) {
    EXPECT_EQ(fold(restored->state, event).reason, fold(original, event).reason)
        << type_name(event.body);
  }
  EXPECT_EQ(encode_snapshot(restored->state, offsets), encode_snapshot(original, offsets));
}

TEST(Snapshot, DamagedOrForeignBytesAreRefusedNotRead) {
  State state;
  for (const auto& event : history()) fold(state, event);
  const auto bytes = encode_snapshot(state, {{{Topic::kUsers, 0}, 6}});
  std::string error;

  EXPECT_FALSE(decode_snapshot(bytes.substr(0, bytes.size() - 1), &error));
  EXPECT_FALSE(error.empty());
  auto flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x40;
  EXPECT_FALSE(decode_snapshot(flipped, &error));
  EXPECT_NE(error.find("checksum"), std::string::npos) << error;
  EXPECT_FALSE(decode_snapshot("LSSNAP01" + bytes.substr(8), &error)) << "another version";
  EXPECT_FALSE(decode_snapshot("", &error));
  EXPECT_TRUE(decode_snapshot(bytes, &error)) << error;
}

TEST(Snapshot, AnEmptyStateRoundTrips) {
  const auto restored = decode_snapshot(encode_snapshot(State{}, {}));
  ASSERT_TRUE(restored);
  EXPECT_EQ(restored->state.user_count(), 0u);
  EXPECT_TRUE(restored->next_offsets.empty());
}

}  // namespace
}  // namespace linkstream::schema
