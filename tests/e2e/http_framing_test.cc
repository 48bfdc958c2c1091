// Requests framed the way RFC 9112 forbids, written byte for byte to the api: each is
// refused with the status the RFC gives it, as a JSON error, and its connection is closed
// (where such a request ends is not known); the api stays the same process.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <string>
#include <vector>

#include "support/api_fixtures.h"
#include "support/hostile_requests.h"
#include "support/raw_http.h"

namespace linkstream {
namespace {

using testing::exchange_until_closed;

std::string post_users(const std::string& framing, const std::string& body) {
  return "POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + framing +
         "\r\n" + body;
}

TEST(HttpFraming, EveryFramingTheRfcForbidsIsAJsonErrorAndClosesTheConnection) {
  const auto pid_before = testing::ready_pid();
  ASSERT_TRUE(pid_before) << "no api is ready";
  for (const auto& framing : testing::forbidden_framings()) {
    SCOPED_TRACE(framing.what);
    const auto answer = exchange_until_closed(framing.bytes);
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

TEST(HttpFraming, AMethodThisServerDoesNotKnowIs405WithTheMethodsOfItsResource) {
  for (const auto& [request, allow] :
       {std::pair<std::string, std::string>{"QUERY /users HTTP/1.1\r\nHost: x\r\n\r\n",
                                            "GET, HEAD, POST"},
        {"BREW /users/1?x=1 HTTP/1.1\r\nHost: x\r\n\r\n", "GET, HEAD, PUT, DELETE"}}) {
    SCOPED_TRACE(request);
    const auto answer = exchange_until_closed(request);
    EXPECT_EQ(answer.status(), 405) << answer.received.substr(0, 400);
    EXPECT_NE(answer.received.find("\r\nAllow: " + allow + "\r\n"), std::string::npos)
        << answer.received.substr(0, 400);
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
