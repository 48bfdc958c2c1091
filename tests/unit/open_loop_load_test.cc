// The benchmark's own load generator: where an answer ends, and how targets are read.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "response_reader.h"
#include "targets.h"

namespace linkstream::load {
namespace {

using State = ResponseReader::State;

TEST(ResponseReader, AnAnswerArrivingInPiecesEndsAfterItsContentLength) {
  ResponseReader reader;
  EXPECT_EQ(reader.feed("HTTP/1.1 302 Found\r\nLocation: https://a.example/\r\nContent-Le"),
            State::kIncomplete);
  EXPECT_EQ(reader.feed("ngth: 5\r\n\r\nab"), State::kIncomplete);
  EXPECT_EQ(reader.feed("cde"), State::kComplete);
  EXPECT_EQ(reader.status(), 302);
  EXPECT_FALSE(reader.closes());
}

TEST(ResponseReader, TwoAnswersInOneReadAreTwoAnswers) {
  ResponseReader reader;
  ASSERT_EQ(reader.feed("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"),
            State::kComplete);
  EXPECT_EQ(reader.status(), 200);
  ASSERT_EQ(reader.next(), State::kComplete);
  EXPECT_EQ(reader.status(), 404);
  EXPECT_EQ(reader.next(), State::kIncomplete);
}

TEST(ResponseReader, NoContentNeedsNoLengthAndCloseIsNoticed) {
  ResponseReader reader;
  ASSERT_EQ(reader.feed("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"), State::kComplete);
  EXPECT_TRUE(reader.closes());
  ResponseReader old;
  ASSERT_EQ(old.feed("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"), State::kComplete);
  EXPECT_TRUE(old.closes());
}

TEST(ResponseReader, AnswersItCannotFrameAreMalformedNotGuessed) {
  EXPECT_EQ(ResponseReader().feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
            State::kMalformed);
  EXPECT_EQ(ResponseReader().feed("HTTP/1.1 200 OK\r\n\r\nbody until close"), State::kMalformed);
  EXPECT_EQ(ResponseReader().feed("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n"),
            State::kMalformed);
  EXPECT_EQ(ResponseReader().feed("SSH-2.0-OpenSSH\r\n\r\n"), State::kMalformed);
}

class TargetsFile : public ::testing::Test {
 protected:
  std::string path = ::testing::TempDir() + "open_loop_targets.txt";
  void write(const std::string& text) { std::ofstream(path) << text; }
  void TearDown() override { std::remove(path.c_str()); }
};

TEST_F(TargetsFile, EachLineIsOneFormattedRequestWithItsLabel) {
  write("redirect\tGET\t/abc\ncreate\tPOST\t/urls\t{\"user_id\":1}\nredirect\tGET\t/def\n");
  const auto targets = read_targets(path, "127.0.0.1:8080");
  ASSERT_EQ(targets.labels, (std::vector<std::string>{"redirect", "create"}));
  ASSERT_EQ(targets.requests.size(), 3u);
  EXPECT_EQ(targets.requests[0].request, "GET /abc HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n");
  EXPECT_EQ(targets.requests[1].label, 1u);
  EXPECT_EQ(targets.requests[1].request,
            "POST /urls HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json\r\n"
            "Content-Length: 13\r\n\r\n{\"user_id\":1}");
  EXPECT_EQ(targets.requests[2].label, 0u);
}

TEST_F(TargetsFile, ALineOfAnotherShapeNamesItsLine) {
  write("redirect\tGET\t/abc\nGET /def\n");
  try {
    read_targets(path, "h");
    FAIL() << "a line without tabs was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(":2:"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace linkstream::load
