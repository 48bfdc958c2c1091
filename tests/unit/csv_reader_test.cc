#include "import/csv_reader.h"

#include <gtest/gtest.h>

namespace linkstream::api {
namespace {

TEST(CsvReader, ReadsQuotedFieldsDoubledQuotesAndBothLineEndings) {
  const auto table = read_csv(
      "id,Title ,details\r\n"
      "1,\"a, b\",\"{\"\"k\"\":1}\"\r\n"
      "2,plain,x\n");
  EXPECT_EQ(table.header, (std::vector<std::string>{"id", "title", "details"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].fields, (std::vector<std::string>{"1", "a, b", "{\"k\":1}"}));
  EXPECT_EQ(table.rows[1].fields, (std::vector<std::string>{"2", "plain", "x"}));
  EXPECT_TRUE(table.errors.empty());
}

TEST(CsvReader, RowsKnowTheLineTheyStartOnAcrossBlankLinesAndQuotedNewlines) {
  const auto table = read_csv("a,b\n1,x\n\n2,\"multi\nline\"\n3,y");
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_EQ(table.rows[0].line, 2u);
  EXPECT_EQ(table.rows[1].line, 4u);
  EXPECT_EQ(table.rows[1].fields[1], "multi\nline");
  EXPECT_EQ(table.rows[2].line, 6u) << "the last row needs no line break";
}

TEST(CsvReader, ABrokenLineIsReportedAndTheRestIsRead) {
  const auto table = read_csv("a,b\n1,ok\n2,bad\"quote\n3,fine\n");
  ASSERT_EQ(table.errors.size(), 1u);
  EXPECT_EQ(table.errors[0].line, 3u);
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[1].fields[0], "3");
  EXPECT_EQ(table.rows[1].line, 4u);
}

TEST(CsvReader, FindsColumnsByNameAndIgnoresAByteOrderMark) {
  const auto table = read_csv("\xEF\xBB\xBFid,username\n1,ada\n");
  EXPECT_EQ(table.column("id"), 0u);
  EXPECT_EQ(table.column("username"), 1u);
  EXPECT_FALSE(table.column("email"));
}

}  // namespace
}  // namespace linkstream::api
