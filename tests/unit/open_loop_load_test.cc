// The benchmark's own load generator: where an answer ends, how targets are read, and
// that a load keeps its schedule and counts latency from each request's due time.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "open_loop.h"
#include "response_reader.h"
#include "support/loopback_listener.h"
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

// A server on a loopback port that answers every request with a 302, each connection on a
// thread of its own, after holding back every answer until `stall` has passed from its start.
class StallingServer {
 public:
  explicit StallingServer(std::chrono::milliseconds stall)
      : ready_at_(std::chrono::steady_clock::now() + stall) {
    listener_ = linkstream::testing::listen_on_loopback(&port_, "the stalling server");
    acceptor_ = std::thread([this] {
      for (;;) {
        const int fd = accept(listener_, nullptr, nullptr);
        if (fd < 0) return;  // the listener was shut down
        connections_.emplace_back([this, fd] { serve(fd); });
      }
    });
  }
  ~StallingServer() {
    shutdown(listener_, SHUT_RDWR);
    acceptor_.join();
    for (auto& c : connections_) c.join();
    close(listener_);
  }
  int port() const { return port_; }

 private:
  void serve(int fd) {
    std::string pending;
    char buffer[4096];
    for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) {
      std::this_thread::sleep_until(ready_at_);
      pending.append(buffer, static_cast<std::size_t>(n));
      for (std::size_t end; (end = pending.find("\r\n\r\n")) != std::string::npos;) {
        pending.erase(0, end + 4);
        static constexpr char kAnswer[] = "HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n";
        if (send(fd, kAnswer, sizeof kAnswer - 1, MSG_NOSIGNAL) < 0) break;
      }
    }
    close(fd);  // the generator closed its end when its load ended
  }

  std::chrono::steady_clock::time_point ready_at_;
  int listener_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  std::vector<std::thread> connections_;
};

std::vector<std::int64_t> run_against(const StallingServer& server, double rate,
                                      std::chrono::milliseconds duration, OpenLoopReport* out) {
  OpenLoopOptions options;
  options.port = server.port();
  options.rate = rate;
  options.duration = duration;
  options.connections = 2;
  Targets targets{{"redirect"}, {{0, "GET /abc HTTP/1.1\r\nHost: h\r\n\r\n"}}};
  *out = run_open_loop(options, targets);
  auto latencies = out->latencies_us[0];
  std::sort(latencies.begin(), latencies.end());
  return latencies;
}

TEST(OpenLoop, EveryRequestDueIsSentAndAnswered) {
  StallingServer server(std::chrono::milliseconds(0));
  OpenLoopReport report;
  const auto latencies = run_against(server, 2000, std::chrono::milliseconds(500), &report);
  EXPECT_EQ(report.due, 1000u);
  EXPECT_EQ(report.answered, 1000u);
  EXPECT_EQ(report.statuses[302], 1000u);
  EXPECT_EQ(report.failed + report.timed_out, 0u);
  // Two connections at 2,000 requests a second: the schedule was kept, so the load took
  // its half second (and not the time two clients waiting on each other would take).
  EXPECT_GE(report.seconds, 0.49);
  EXPECT_LT(report.seconds, 1.5);
}

// A server stalled for 300 ms: every request due in that time waited for it, and its
// latency counts the wait from its due time, not from when a connection was free to send
// it (which would show two slow answers, one a connection, and a fast server).
TEST(OpenLoop, ARequestDueDuringAStallCountsTheStallAsItsLatency) {
  StallingServer server(std::chrono::milliseconds(300));
  OpenLoopReport report;
  const auto latencies = run_against(server, 1000, std::chrono::milliseconds(600), &report);
  ASSERT_EQ(latencies.size(), 600u);
  // Requests due in the stall's first 200 ms, 200 of them, waited at least 100 ms each.
  const auto slow = std::count_if(latencies.begin(), latencies.end(),
                                  [](std::int64_t us) { return us >= 100'000; });
  EXPECT_GE(slow, 190);
  EXPECT_GE(latencies.back(), 250'000);  // the first request waited out nearly all of it
}

}  // namespace
}  // namespace linkstream::load
