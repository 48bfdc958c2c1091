#include "view/forked_snapshot.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "linkstream/schema/fold.h"
#include "support/event_builders.h"

namespace linkstream::api {
namespace {

using Clock = std::chrono::steady_clock;
using linkstream::testing::url;
using linkstream::testing::user;

// Folds URLs first..last (codes "c<id>", owner 1) into `state`.
void fold_urls(schema::State& state, std::int64_t first, std::int64_t last) {
  for (std::int64_t id = first; id <= last; ++id) {
    schema::fold(state, url(id, "c" + std::to_string(id), 1));
  }
}

class ForkedSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("linkstream-forked-snapshot-" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  // Waits, with a deadline, for the child to finish.
  static ForkedSnapshot::Outcome wait_for(ForkedSnapshot& writer) {
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline) {
      if (auto outcome = writer.finished()) return *outcome;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ADD_FAILURE() << "the snapshot writer did not finish in 30 s";
    writer.abandon();
    return {};
  }

  std::filesystem::path directory_;
};

// The point of forking: the parent keeps folding while the child writes, and the snapshot
// holds the state as it was when the write started, with the offsets given then.
TEST_F(ForkedSnapshotTest, HoldsTheStateAsItWasAtTheStartWhileTheParentFoldsOn) {
  schema::State state;
  schema::fold(state, user(1, "ada", "ada@example.com"));
  // Enough URLs that encoding takes a while, so the folds below happen during it.
  fold_urls(state, 1, 50'000);
  const schema::SnapshotOffsets offsets{{{schema::Topic::kUsers, 0}, 1},
                                        {{schema::Topic::kUrls, 0}, 50'000}};
  SnapshotStore store(directory_ / "view.snapshot");

  ForkedSnapshot writer;
  ASSERT_EQ(writer.start(state, offsets, store), std::nullopt);
  EXPECT_TRUE(writer.running());
  fold_urls(state, 50'001, 60'000);
  schema::fold(state, user(2, "bob", "bob@example.com"));

  const auto outcome = wait_for(writer);
  ASSERT_TRUE(outcome.ok) << outcome.error;
  EXPECT_FALSE(writer.running());
  const auto written = store.load();
  ASSERT_TRUE(written.has_value());
  EXPECT_EQ(written->state.user_count(), 1u);
  EXPECT_EQ(written->state.url_count(), 50'000u);
  EXPECT_EQ(written->next_offsets, offsets);
  EXPECT_EQ(state.url_count(), 60'000u);  // the parent's own state went on
}

TEST_F(ForkedSnapshotTest, AFailedWriteIsReportedWithTheReason) {
  // A directory cannot be created under a regular file.
  std::filesystem::create_directories(directory_);
  const auto blocker = directory_ / "not-a-directory";
  { std::ofstream(blocker) << "x"; }
  SnapshotStore store(blocker / "view.snapshot");

  ForkedSnapshot writer;
  ASSERT_EQ(writer.start(schema::State{}, {}, store), std::nullopt);
  const auto outcome = wait_for(writer);
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.error.find("not-a-directory"), std::string::npos) << outcome.error;
}

TEST_F(ForkedSnapshotTest, OneWriteAtATime) {
  schema::State state;
  fold_urls(state, 1, 50'000);
  SnapshotStore store(directory_ / "view.snapshot");
  ForkedSnapshot writer;
  ASSERT_EQ(writer.start(state, {}, store), std::nullopt);
  const auto second = writer.start(state, {}, store);
  if (writer.running()) {
    ASSERT_TRUE(second.has_value());
    EXPECT_NE(second->find("still being written"), std::string::npos) << *second;
  }
  writer.abandon();
  EXPECT_FALSE(writer.running());
  EXPECT_EQ(writer.finished(), std::nullopt);  // nothing left to reap
}

// The child must not keep what the parent holds open: a replica restarted while a snapshot
// is written must be able to take its port and its spool's lock at once.
TEST_F(ForkedSnapshotTest, TheChildHoldsNoneOfTheParentsDescriptors) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_NONBLOCK), 0);
  schema::State state;
  fold_urls(state, 1, 300'000);
  SnapshotStore store(directory_ / "view.snapshot");
  ForkedSnapshot writer;
  ASSERT_EQ(writer.start(state, {}, store), std::nullopt);
  ::close(fds[1]);
  // With the parent's write end closed, only a child that kept its copy keeps the pipe
  // open: the end of the pipe shows as soon as the child has closed what it inherited,
  // long before it has encoded and flushed 300,000 URLs.
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  char byte;
  while (::read(fds[0], &byte, 1) != 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  EXPECT_EQ(writer.finished(), std::nullopt) << "the pipe stayed open until the child exited";
  ::close(fds[0]);
  const auto outcome = wait_for(writer);
  EXPECT_TRUE(outcome.ok) << outcome.error;
}

}  // namespace
}  // namespace linkstream::api
