// Requests framed the way RFC 9112 forbids, written byte for byte to the api: each is
// refused with the status the RFC gives it, as a JSON error, and its connection is closed
// (where such a request ends is not known); the api stays the same process.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <string>
#include <vector>

#include "support/api_fixtures.h"
#include "support/raw_http.h"

namespace linkstream {
namespace {

using testing::exchange_until_closed;

struct Framing {
  std::string what;
  std::string request;
  int status;
};

std::string post_users(const std::string& framing, const std::string& body) {
  return "POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + framing +
         "\r\n" + body;
}

const std::string kBody = R"({"username":"framing","email":"framing@example.com"})";

std::vector<Framing> refused_framings() {
  const auto length = "Content-Length: " + std::to_string(kBody.size()) + "\r\n";
  return {
      {"two Content-Length fields", post_users(length + length, kBody), 400},
      {"two different Content-Length fields", post_users(length + "Content-Length: 3\r\n", kBody),
       400},
      {"Content-Length 12abc", post_users("Content-Length: 12abc\r\n", kBody), 400},
      {"Content-Length -1", post_users("Content-Length: -1\r\n", kBody), 400},
      {"Content-Length +52", post_users("Content-Length: +52\r\n", kBody), 400},
      {"Transfer-Encoding with Content-Length",
       post_users("Transfer-Encoding: chunked\r\n" + length, kBody), 400},
      {"Transfer-Encoding with a space before its colon",
       post_users("Transfer-Encoding : chunked\r\n" + length, kBody), 400},
      {"a Transfer-Encoding that is not chunked", post_users("Transfer-Encoding: gzip\r\n", kBody),
       400},
      {"a coding before chunked", post_users("Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n"),
       501},
      {"obs-fold", post_users("X-Folded: a\r\n b\r\n" + length, kBody), 400},
      {"a header line without a colon", post_users("NoColonHere\r\n" + length, kBody), 400},
      {"a NUL byte in a header", post_users(std::string("X-Nul: a\0b\r\n", 12) + length, kBody),
       400},
      {"a bare LF", "GET /health HTTP/1.1\nHost: x\r\n\r\n", 400},
      {"a bare CR", "GET /health HTTP/1.1\r\nHost: x\ry\r\n\r\n", 400},
      {"no Host in HTTP/1.1", "GET /health HTTP/1.1\r\nAccept: */*\r\n\r\n", 400},
      {"two Host fields", "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
      {"HTTP/2.0 on an HTTP/1 connection", "GET /health HTTP/2.0\r\nHost: x\r\n\r\n", 505},
      {"no HTTP version", "GET /health\r\nHost: x\r\n\r\n", 400},
      {"a request target of 9,000 bytes",
       "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414},
      {"20 KiB of header fields",
       "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20 * 1024, 'b') + "\r\n\r\n",
       431},
  };
}

TEST(HttpFraming, EveryFramingTheRfcForbidsIsAJsonErrorAndClosesTheConnection) {
  const auto pid_before = testing::ready_pid();
  ASSERT_TRUE(pid_before) << "no api is ready";
  for (const auto& framing : refused_framings()) {
    SCOPED_TRACE(framing.what);
    const auto answer = exchange_until_closed(framing.request);
    EXPECT_EQ(answer.status(), framing.status) << answer.received.substr(0, 400);
    rapidjson::Document json;
    json.Parse(answer.body().c_str());
    EXPECT_TRUE(json.IsObject() && json.HasMember("error") && json["error"].IsString())
        << answer.received.substr(0, 400);
    EXPECT_NE(answer.received.find("Content-Type: application/json"), std::string::npos);
    EXPECT_TRUE(answer.ended) << "the connection stayed open after a request it cannot frame";
  }
  EXPECT_EQ(testing::ready_pid(), pid_before) << "the api was restarted: it crashed";
}

TEST(HttpFraming, ErrorsOfPistachesOwnParserAreJsonToo) {
  // A method Pistache does not know, and a chunked body whose chunk size is not hex.
  for (const std::string& request :
       {std::string("BREW /health HTTP/1.1\r\nHost: x\r\n\r\n"),
        post_users("Transfer-Encoding: chunked\r\n", "zz\r\nabc\r\n0\r\n\r\n")}) {
    SCOPED_TRACE(request);
    const auto answer = exchange_until_closed(request);
    EXPECT_GE(answer.status(), 400) << answer.received.substr(0, 400);
    EXPECT_LT(answer.status(), 600) << answer.received.substr(0, 400);
    rapidjson::Document json;
    json.Parse(answer.body().c_str());
    EXPECT_TRUE(json.IsObject() && json.HasMember("error")) << answer.received.substr(0, 400);
  }
}

TEST(HttpFraming, ChunkedBodiesWithChunkExtensionsAreRead) {
  for (const char* extension : {"", ";name=value", ";a;b=\"quoted\""}) {
    SCOPED_TRACE(std::string("chunk extension: '") + extension + "'");
    const std::string name = "chunked-" + testing::unique_suffix();
    const std::string body =
        R"({"username":")" + name + R"(","email":")" + name + R"(@example.com"})";
    char size[16];
    std::snprintf(size, sizeof size, "%zx", body.size());
    const auto answer = exchange_until_closed(
        "POST /users HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
        "application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
        std::string(size) + extension + "\r\n" + body + "\r\n0\r\n\r\n");
    EXPECT_EQ(answer.status(), 201) << answer.received.substr(0, 400);
  }
}

}  // namespace
}  // namespace linkstream
