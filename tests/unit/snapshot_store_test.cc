#include "view/snapshot_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "linkstream/schema/fold.h"
#include "support/event_builders.h"

namespace linkstream::api {
namespace {

class SnapshotStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("linkstream-snapshot-store-" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::filesystem::path directory_;
};

std::string file_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST_F(SnapshotStoreTest, ASavedSnapshotLoadsBack) {
  schema::State state;
  schema::fold(state, linkstream::testing::user(1, "ada", "ada@example.com"));
  const schema::SnapshotOffsets offsets{{{schema::Topic::kUsers, 0}, 1}};
  SnapshotStore store(directory_ / "nested" / "view.snapshot");
  store.save(schema::encode_snapshot(state, offsets));
  const auto loaded = store.load();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->state.user_count(), 1u);
  EXPECT_EQ(loaded->next_offsets, offsets);
  EXPECT_FALSE(std::filesystem::exists(directory_ / "nested" / "view.snapshot.new"));
}

// A paced save writes every byte, and never faster than asked: 3 MiB at 10 MiB/s cannot
// be done before 0.3 s have passed (a lower bound, whatever the machine's speed).
TEST_F(SnapshotStoreTest, APacedSaveWritesEveryByteAndKeepsToItsPace) {
  std::string bytes(3 << 20, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7919 % 251);
  SnapshotStore store(directory_ / "view.snapshot");
  const auto started = std::chrono::steady_clock::now();
  store.save(bytes, 10 << 20);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, std::chrono::milliseconds(300));
  EXPECT_EQ(file_bytes(store.file()), bytes);
}

TEST_F(SnapshotStoreTest, ASaveThatCannotWriteSaysWhere) {
  std::filesystem::create_directories(directory_);
  const auto blocker = directory_ / "a-file";
  { std::ofstream(blocker) << "x"; }
  SnapshotStore store(blocker / "view.snapshot");
  try {
    store.save("bytes");
    FAIL() << "saved under a regular file";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("a-file"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace linkstream::api
