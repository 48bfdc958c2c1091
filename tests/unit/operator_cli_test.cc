// The pure parts of linkstreamctl (ctl/): how it cuts CSV files for the api, how it prints
// tables and progress, and how it reads where a replay starts.

#include <gtest/gtest.h>

#include <sstream>

#include "csv_chunks.h"
#include "progress_bar.h"
#include "replay.h"
#include "text_table.h"

namespace linkstream {
namespace {

using ctl::cut_csv;

TEST(CsvChunks, EveryPieceStartsWithTheHeaderAndHoldsWholeRecords) {
  const auto file = cut_csv("id,name\n1,a\n2,\"b\nstill b\"\n3,c\n", 2);
  EXPECT_EQ(file.header, "id,name");
  EXPECT_EQ(file.records, 3u);
  ASSERT_EQ(file.chunks.size(), 2u);
  EXPECT_EQ(file.chunks[0].text, "id,name\n1,a\n2,\"b\nstill b\"\n");
  EXPECT_EQ(file.chunks[0].first_line, 2u);
  EXPECT_EQ(file.chunks[1].text, "id,name\n3,c\n");
  EXPECT_EQ(file.chunks[1].first_line, 5u) << "record 2 took lines 3 and 4";
}

TEST(CsvChunks, LineNumbersInAPieceMapBackToTheFileAcrossBlankLinesAndEscapedQuotes) {
  const auto file = cut_csv("\xEF\xBB\xBFid,t\r\n1,\"say \"\"hi\"\"\"\r\n\r\n2,x\r\n\n\n3,y", 10);
  EXPECT_EQ(file.header, "id,t") << "the byte-order mark and the CR are not the header's";
  ASSERT_EQ(file.chunks.size(), 1u);
  const auto& chunk = file.chunks[0];
  EXPECT_EQ(chunk.records, 3u);
  // In the piece: line 1 header, 2 record 1, 3 blank, 4 record 2, ... 7 record 3.
  EXPECT_EQ(chunk.file_line(2, file.header_lines), 2u);
  EXPECT_EQ(chunk.file_line(4, file.header_lines), 4u);
  EXPECT_EQ(chunk.file_line(7, file.header_lines), 7u);
  EXPECT_EQ(chunk.text.back(), '\n') << "a last record without a line break gets one";
}

TEST(CsvChunks, AFileWithOnlyAHeaderOrNothingHasNoPieces) {
  EXPECT_TRUE(cut_csv("id,name\n", 5).chunks.empty());
  EXPECT_TRUE(cut_csv("", 5).chunks.empty());
  EXPECT_EQ(cut_csv("", 5).header, "");
}

TEST(TextTable, ColumnsLineUpAndNumbersAreRightAligned) {
  ctl::TextTable table({"topic", "lag"});
  table.add({"linkstream.users", "7"});
  table.add({"x", "1,234"});
  std::ostringstream out;
  table.print(out);
  EXPECT_EQ(out.str(),
            "topic               lag\n"
            "linkstream.users      7\n"
            "x                 1,234\n");
}

TEST(TextTable, ThousandsAreGrouped) {
  EXPECT_EQ(ctl::with_thousands(0), "0");
  EXPECT_EQ(ctl::with_thousands(999), "999");
  EXPECT_EQ(ctl::with_thousands(1000), "1,000");
  EXPECT_EQ(ctl::with_thousands(1234567), "1,234,567");
  EXPECT_EQ(ctl::with_thousands(-45000), "-45,000");
}

TEST(ProgressBar, TheBarFillsWithTheFractionDone) {
  EXPECT_EQ(ctl::progress_text(0, 10, 10), "[..........]   0%");
  EXPECT_EQ(ctl::progress_text(5, 10, 10), "[#####.....]  50%");
  EXPECT_EQ(ctl::progress_text(10, 10, 10), "[##########] 100%");
  EXPECT_EQ(ctl::progress_text(0, 0, 4), "[####] 100%") << "nothing to do is done";
}

TEST(ReplayStart, ATimeTheBeginningOrOffsetsPerPartition) {
  const auto time = projector::parse_replay_start("2026-11-28T06:00:00");
  ASSERT_TRUE(time);
  EXPECT_TRUE(time->offsets.empty());
  EXPECT_EQ(schema::format_timestamp(time->since), "2026-11-28T06:00:00");

  const auto beginning = projector::parse_replay_start("beginning");
  ASSERT_TRUE(beginning);
  EXPECT_TRUE(beginning->offsets.empty());
  EXPECT_EQ(beginning->since.time_since_epoch().count(), 0);

  const auto offsets = projector::parse_replay_start("0:12,3:40");
  ASSERT_TRUE(offsets);
  EXPECT_EQ(offsets->offsets, (std::map<std::int32_t, std::int64_t>{{0, 12}, {3, 40}}));

  for (const char* bad : {"", "yesterday", "0:", ":5", "0:12,", "0:12,0:13", "-1:4", "1:-4",
                          "0:12;1:3", "2026-11-28"}) {
    EXPECT_FALSE(projector::parse_replay_start(bad)) << bad;
  }
}

}  // namespace
}  // namespace linkstream
