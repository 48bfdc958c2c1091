#include "spool/click_spool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <random>

#include "support/eventually.h"

namespace linkstream::api {
namespace {

class ClickSpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("linkstream-spool-test-" + std::to_string(std::random_device{}()));
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }
  ClickSpool::Options options() const { return {.directory = directory_.string()}; }
  std::size_t files() const {
    std::size_t n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(directory_))
      n += entry.path().extension() == ".log";
    return n;
  }
  std::uintmax_t bytes_on_disk() const {
    std::uintmax_t total = 0;
    for (const auto& entry : std::filesystem::directory_iterator(directory_))
      if (entry.path().extension() == ".log") total += entry.file_size();
    return total;
  }

  std::filesystem::path directory_;
};

TEST_F(ClickSpoolTest, RecordsReadBackInOrderAcrossARestart) {
  {
    ClickSpool spool(options());
    ASSERT_TRUE(spool.append("a", "first", nullptr));
  }
  ClickSpool spool(options());  // a restarted api writes a new segment
  ASSERT_TRUE(spool.append("b", "second", nullptr));
  const auto records = spool.read(spool.shipped(), 10);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].payload, "first");
  EXPECT_EQ(records[1].key, "b");
  EXPECT_EQ(records[1].end, spool.end());
}

TEST_F(ClickSpoolTest, AReaderAtTheEndOfAFinishedSegmentMovesOnToTheCurrentOne) {
  // An api restarted twice without clicks leaves empty segments; a relay waiting at the
  // end of the first must wait on the segment being written, or its wait ends at once
  // and it spins.
  { ClickSpool first(options()); }
  { ClickSpool second(options()); }
  ClickSpool spool(options());
  const auto start = spool.shipped();
  EXPECT_LT(start, spool.end());
  EXPECT_EQ(spool.skip_finished(start), spool.end());

  ASSERT_TRUE(spool.append("k", "click", nullptr));
  const auto at = spool.skip_finished(start);
  EXPECT_EQ(spool.read(at, 10).size(), 1u) << "the new record is read from there";
  EXPECT_EQ(spool.skip_finished(at), at) << "a segment with records left is not skipped";
}

TEST_F(ClickSpoolTest, ShippedClicksDoNotHoldTheDiskForAWholeSegment) {
  // A relay that keeps up: everything is shipped soon after it is written. The segment
  // being written must still go once it holds an eighth of a segment, or a disk smaller
  // than a segment fills with clicks that are already in Kafka.
  auto small = options();
  small.segment_bytes = 8 << 10;
  ClickSpool spool(small);
  const std::string payload(300, 'x');
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(spool.append("k", payload, nullptr));  // 1.2 KiB
    spool.mark_shipped(spool.end());
    // The segment being written, the one shipped last (deleted at the next mark) and one
    // kept to write over.
    EXPECT_LE(files(), 3u) << "round " << round;
    EXPECT_LE(bytes_on_disk(), small.segment_bytes / 2) << "round " << round;
  }
  EXPECT_LT(spool.end().segment, 8u) << "rotations only when a segment holds 1 KiB or more";
  EXPECT_GE(spool.end().segment, 5u);
  const auto records = spool.read(spool.shipped(), 10);
  EXPECT_TRUE(records.empty()) << "nothing left to ship";
  ASSERT_TRUE(spool.append("k", "after", nullptr));
  ASSERT_EQ(spool.read(spool.shipped(), 10).size(), 1u);
}

TEST_F(ClickSpoolTest, ASegmentWrittenOverShipsNoneOfItsEarlierRecordsAfterARestart) {
  // A shipped segment's file is written over as a later segment (its pages are already in
  // memory). Its earlier records are still there after the new ones: a restart (a killed
  // api finds the files as they are here) must ship only the new ones.
  auto small = options();
  small.segment_bytes = 8 << 10;
  const std::string payload(300, 'x');
  std::filesystem::path reused;
  {
    ClickSpool spool(small);
    for (int round = 0; round < 3; ++round) {  // segment 1 is kept at the second mark
      for (int i = 0; i < 4; ++i) ASSERT_TRUE(spool.append("k", payload, nullptr));
      spool.mark_shipped(spool.end());
    }
    ASSERT_TRUE(spool.append("k", "fresh", nullptr));
    reused = directory_ / "clicks-000004.log";
    ASSERT_TRUE(std::filesystem::exists(reused));
    ASSERT_GT(std::filesystem::file_size(reused), 1000u)
        << "segment 4 is segment 1's file, written over: its earlier records follow";
    const auto records = spool.read(spool.shipped(), 10);
    ASSERT_EQ(records.size(), 1u) << "the live spool reads up to the segment's length";
    EXPECT_EQ(records[0].payload, "fresh");
  }
  ClickSpool spool(small);
  const auto records = spool.read(spool.shipped(), 10);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].key, "k");
  EXPECT_EQ(records[0].payload, "fresh");
  EXPECT_EQ(std::filesystem::file_size(reused), records[0].end.offset)
      << "the earlier records are cut off";
}

TEST_F(ClickSpoolTest, ARecordTheDiskDidNotKeepIsNotShippedAndTheOthersAre) {
  // After a crash of the machine a page of a segment may hold other bytes than were
  // written: that record fails its check and is not shipped; the records after it had
  // their 302 and are.
  {
    ClickSpool spool(options());
    for (const auto* payload : {"first", "second", "third"})
      ASSERT_TRUE(spool.append("k", payload, nullptr));
  }
  const auto segment = directory_ / "clicks-000001.log";
  std::string bytes;
  {
    std::ifstream in(segment, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const auto second = bytes.find("second");
  ASSERT_NE(second, std::string::npos);
  bytes[second] = 'S';
  std::ofstream(segment, std::ios::binary | std::ios::trunc) << bytes << "k\tcut sh";

  ClickSpool spool(options());
  const auto records = spool.read(spool.shipped(), 10);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].payload, "first");
  EXPECT_EQ(records[1].payload, "") << "the damaged record is not shipped";
  EXPECT_EQ(records[2].payload, "third");
  EXPECT_EQ(std::filesystem::file_size(segment), bytes.size()) << "the line cut short is cut off";
}

TEST_F(ClickSpoolTest, ASegmentOfAnEarlierVersionShipsAndIsDeletedNotWrittenOver) {
  // Segments written before records had checks ("<key>\t<event>\n", *.spool): an upgraded
  // api ships them; a crash of the machine may have cut the last record short, and that
  // one had no 302 (the write had not returned), so it is cut at the start.
  std::filesystem::create_directories(directory_);
  const auto crashed = directory_ / "clicks-000001.spool";
  std::ofstream(crashed, std::ios::binary) << "a\tfirst\nb\tsecond\nc\tthe thi";
  ClickSpool spool(options());
  const auto records = spool.read(spool.shipped(), 10);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].payload, "first");
  EXPECT_EQ(records[1].payload, "second");
  EXPECT_EQ(std::filesystem::file_size(crashed), std::string("a\tfirst\nb\tsecond\n").size());
  ASSERT_TRUE(spool.append("d", "after", nullptr));
  EXPECT_EQ(spool.read(records[1].end, 10).at(0).payload, "after");

  spool.mark_shipped(spool.end());
  EXPECT_FALSE(std::filesystem::exists(crashed));
  EXPECT_FALSE(std::filesystem::exists(directory_ / "reusable.log"))
      << "its records have no checks: written over, they could not be told from new ones";
}

TEST_F(ClickSpoolTest, ASecondSpoolOnTheSameFolderIsRefusedWhileTheFirstLives) {
  // Two replicas given one replica id would ship and delete each other's segments.
  {
    ClickSpool first(options());
    ASSERT_TRUE(first.append("k", "click", nullptr));
    try {
      ClickSpool second(options());
      FAIL() << "a second spool opened the folder";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("in use by another process"), std::string::npos)
          << e.what();
    }
    EXPECT_EQ(first.read(first.shipped(), 10).size(), 1u) << "the first spool keeps its click";
  }
  ClickSpool after(options());  // the lock went with the first
  EXPECT_EQ(after.read(after.shipped(), 10).size(), 1u);
}

}  // namespace
}  // namespace linkstream::api

namespace linkstream::api {
namespace {

// A disk that stops syncing must not let a 302 promise a click it may not keep: appends
// are refused, with the reason, until a sync succeeds again.
TEST(ClickSpoolDisk, WhileTheDiskDoesNotSyncAppendsAreRefusedWithTheReason) {
  const auto directory = std::filesystem::temp_directory_path() /
                         ("linkstream-spool-sync-" + std::to_string(std::random_device{}()));
  std::atomic<bool> failing{false};
  ClickSpool spool({.directory = directory.string(),
                    .sync_interval = std::chrono::milliseconds(5),
                    .sync_file = [&](int fd) {
                      if (!failing) return ::fdatasync(fd);
                      errno = EIO;
                      return -1;
                    }});
  std::string error;
  ASSERT_TRUE(spool.append("k", "before", &error)) << error;

  failing = true;
  ASSERT_TRUE(testing::eventually([&] { return spool.sync_failures() > 0; }));
  EXPECT_FALSE(spool.append("k", "during", &error));
  EXPECT_NE(error.find("does not sync"), std::string::npos) << error;

  failing = false;
  ASSERT_TRUE(testing::eventually([&] { return spool.append("k", "after", &error); }));
  const auto records = spool.read(spool.shipped(), 10);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].payload, "before");
  EXPECT_EQ(records[1].payload, "after");
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace linkstream::api
