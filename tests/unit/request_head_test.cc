// RFC 9112 framing of a request's head, and its collection across reads.
#include "http/request_head.h"

#include <gtest/gtest.h>

#include <string>

#include "http/framing_guard.h"

namespace linkstream::api {
namespace {

int status_of(const std::string& head) {
  return check_request_head(head).status;
}

TEST(RequestHead, OrdinaryRequestsPass) {
  EXPECT_EQ(status_of("GET /abc HTTP/1.1\r\nHost: s.example\r\nUser-Agent: curl/8\r\n\r\n"), 0);
  EXPECT_EQ(status_of("GET /health HTTP/1.0\r\n\r\n"), 0) << "HTTP/1.0 needs no Host";
  EXPECT_EQ(status_of("POST /urls HTTP/1.1\r\nhost: a\r\ncontent-length: 17\r\n\r\n"), 0);
  EXPECT_EQ(status_of("POST /urls HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"), 0);
  EXPECT_EQ(status_of("GET /x HTTP/1.1\r\nHost: a\r\nX-Empty:\r\nX-Tab:\tv\t\r\n\r\n"), 0);
  EXPECT_EQ(status_of("GET /x HTTP/1.1\r\nHost: a\r\nX-Latin: caf\xc3\xa9\r\n\r\n"), 0)
      << "obs-text is allowed in values";
}

TEST(RequestHead, TheBodysLengthMustBeUnambiguous) {
  EXPECT_EQ(
      status_of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n"),
      400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 12abc\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1234567890123456789\r\n\r\n"),
            400);
  EXPECT_EQ(
      status_of(
          "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"),
      400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n"),
            400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
            501);
  EXPECT_EQ(status_of("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
}

TEST(RequestHead, LinesMustBeWellFormed) {
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n"), 400) << "obs-fold";
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nno colon\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\n: empty name\r\n\r\n"), 400);
  EXPECT_EQ(status_of(std::string("GET / HTTP/1.1\r\nHost: a\0\r\n\r\n", 23)), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: a\x01z\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\nHost: a\r\n\r\n"), 400) << "bare LF";
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n"), 400) << "bare CR";
  EXPECT_EQ(status_of("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\n"), 400) << "not ended by an empty line";
}

TEST(RequestHead, TheRequestLineAndHost) {
  EXPECT_EQ(status_of("GET /\r\nHost: a\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET  / HTTP/1.1\r\nHost: a\r\n\r\n"), 400) << "two spaces";
  EXPECT_EQ(status_of("G(T / HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/2.0\r\nHost: a\r\n\r\n"), 505);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\n\r\n"), 400) << "HTTP/1.1 without Host";
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET /" + std::string(kMaxRequestTargetBytes, 'a') +
                      " HTTP/1.1\r\nHost: a\r\n\r\n"),
            414);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(kMaxRequestHeadBytes, 'x') +
                      "\r\n\r\n"),
            431);
}

TEST(RequestHead, AWellFormedMethodThisServerDoesNotKnowIs405WithItsTarget) {
  const auto verdict = check_request_head("QUERY /users?page=2 HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(verdict.status, 405);
  EXPECT_EQ(verdict.target, "/users?page=2") << "the answer's Allow is that path's";
  EXPECT_EQ(verdict.message, "QUERY is not a method of this server");
  for (const char* method : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    EXPECT_EQ(status_of(std::string(method) + " / HTTP/1.1\r\nHost: a\r\n\r\n"), 0) << method;
  }
  EXPECT_EQ(status_of("get / HTTP/1.1\r\nHost: a\r\n\r\n"), 405) << "methods are case-sensitive";
}

TEST(RequestHead, EveryRefusalSaysWhy) {
  const auto verdict =
      check_request_head("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n");
  EXPECT_EQ(verdict.message, "Content-Length must be a decimal number");
}

TEST(FramingGuard, AHeadSplitAnywhereIsCheckedOnceWhole) {
  const std::string head = "GET /abc HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n";
  for (std::size_t cut = 1; cut < head.size(); ++cut) {
    FramingGuard guard;
    EXPECT_TRUE(guard.admit(head.substr(0, cut)).verdict.ok())
        << "refused half a head, cut at " << cut;
    EXPECT_EQ(guard.admit(head.substr(cut)).verdict.status, 400) << "cut at " << cut;
  }
}

TEST(FramingGuard, TheBodyIsNotCheckedAndTheNextRequestIs) {
  FramingGuard guard;
  EXPECT_TRUE(
      guard.admit("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 8\r\n\r\nab").verdict.ok());
  EXPECT_TRUE(guard.admit("\r\n\r\n\0\0\0\0").verdict.ok()) << "body bytes are Pistache's to frame";
  guard.request_done();
  EXPECT_EQ(guard.admit("GET / HTTP/1.1\r\n\r\n").verdict.status, 400)
      << "the next head is checked";
}

TEST(FramingGuard, AHeadThatNeverEndsIsRefusedOnceOverTheLimit) {
  FramingGuard guard;
  const std::string line = "X-Filler: " + std::string(1000, 'f') + "\r\n";
  EXPECT_TRUE(guard.admit("GET / HTTP/1.1\r\nHost: a\r\n").verdict.ok());
  int status = 0;
  for (int i = 0; i < 40 && status == 0; ++i) status = guard.admit(line).verdict.status;
  EXPECT_EQ(status, 431);
}

TEST(FramingGuard, AChunkedBodyReachesPistacheWithoutItsChunkExtensions) {
  const std::string head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string body = "5;name=value\r\nhello\r\n6 ; a ; b=\"q\"\r\n world\r\n0;x\r\n\r\n";
  const std::string expected = head + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
  for (std::size_t piece : {std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{1000}}) {
    FramingGuard guard;
    std::string seen;
    const std::string all = head + body;
    for (std::size_t at = 0; at < all.size(); at += piece) {
      const auto admission = guard.admit(std::string_view(all).substr(at, piece));
      ASSERT_TRUE(admission.verdict.ok())
          << admission.verdict.message << " (pieces of " << piece << ")";
      seen.append(admission.bytes);
    }
    EXPECT_EQ(seen, expected) << "pieces of " << piece;
  }
}

TEST(FramingGuard, AChunkSizeThatIsNotHexIsRefused) {
  for (const char* body : {"zz\r\nab\r\n", "5 x\r\nhello\r\n", "\r\n", "5\nhello\r\n"}) {
    FramingGuard guard;
    const auto admission = guard.admit(
        std::string("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n") + body);
    EXPECT_EQ(admission.verdict.status, 400) << body;
  }
}

}  // namespace
}  // namespace linkstream::api
