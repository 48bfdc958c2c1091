// Client connections on replicas of their own: idle ones and slow heads or bodies are
// ended after their timeouts, one address past its cap gets 429 and the connection
// closed, and 1,500 idle connections held at once leave redirects their latency.

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/api_fixtures.h"
#include "support/api_replica.h"
#include "support/eventually.h"
#include "support/raw_http.h"

namespace linkstream {
namespace {

using namespace std::chrono_literals;
using testing::HttpClient;
using testing::RawConnection;

constexpr int kShortTimeoutsPort = 18185;
constexpr int kManyIdlePort = 18186;

// A value of the replica's /metrics, or -1.
double metric(HttpClient& http, const std::string& series) {
  const auto text = http.get("/metrics").body;
  const auto at = text.find("\n" + series + " ");
  return at == std::string::npos ? -1 : std::stod(text.substr(at + series.size() + 2));
}

std::chrono::milliseconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

class ShortTimeouts : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(replica_.ready()) << replica_.log(); }

  testing::ApiReplica replica_{
      kShortTimeoutsPort,
      LINKSTREAM_API_BINARY,
      {"LINKSTREAM_HTTP_IDLE_TIMEOUT_MS=1500", "LINKSTREAM_HTTP_HEADER_TIMEOUT_MS=1000",
       "LINKSTREAM_HTTP_BODY_TIMEOUT_MS=1000", "LINKSTREAM_HTTP_MAX_CONNECTIONS_PER_ADDRESS=20",
       "LINKSTREAM_HTTP_MAX_CONNECTIONS=120"}};
  HttpClient http_{replica_.url()};
};

TEST_F(ShortTimeouts, AnIdleConnectionIsEndedAfterTheKeepAliveTimeoutNotWhileItIsUsed) {
  RawConnection idle(kShortTimeoutsPort, "127.0.0.2");
  RawConnection busy(kShortTimeoutsPort, "127.0.0.2");
  ASSERT_TRUE(idle.connected() && busy.connected());
  const auto opened = std::chrono::steady_clock::now();
  // Meanwhile the busy one asks every 500 ms, for three times the idle timeout.
  std::vector<std::string> busy_failures;
  std::thread user([&] {
    for (int i = 0; i < 9; ++i) {
      busy.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
      const auto answer = busy.answer(2s);
      if (answer.status() != 200 || answer.ended) {
        busy_failures.push_back("request " + std::to_string(i) + ": " + answer.received +
                                (answer.ended ? " (connection ended)" : ""));
        return;
      }
      std::this_thread::sleep_for(500ms);  // the pace of a client that keeps using it
    }
  });
  const auto idle_end = idle.receive(5s);
  const auto idle_for = since(opened);
  user.join();
  EXPECT_TRUE(idle_end.ended) << "the idle connection is still open after 5 s";
  EXPECT_TRUE(idle_end.received.empty()) << "ended without an answer: " << idle_end.received;
  EXPECT_GE(idle_for, 1400ms) << "ended before its timeout";
  EXPECT_TRUE(busy_failures.empty()) << busy_failures.front();
  EXPECT_GE(metric(http_, "linkstream_http_connections_ended_total{reason=\"idle\"}"), 1);
}

TEST_F(ShortTimeouts, AHeadTrickledAByteAtATimeIsEndedAfterTheHeaderTimeout) {
  RawConnection slow(kShortTimeoutsPort, "127.0.0.3");
  ASSERT_TRUE(slow.send("GET /health HTTP/1.1\r\nHost: t\r\nX-Slow: "));
  const auto started = std::chrono::steady_clock::now();
  bool ended = false;
  while (!ended && since(started) < 10s) {
    slow.send("a");  // fails once the connection is gone
    ended = slow.receive(200ms).ended;
  }
  EXPECT_TRUE(ended) << "a head sent for 10 s is still being read";
  EXPECT_LT(since(started), 5s);
  EXPECT_GE(metric(http_, "linkstream_http_connections_ended_total{reason=\"slow_head\"}"), 1);
}

TEST_F(ShortTimeouts, ABodyThatStopsHalfWayIsEndedAfterTheBodyTimeout) {
  RawConnection slow(kShortTimeoutsPort, "127.0.0.4");
  ASSERT_TRUE(
      slow.send("POST /users HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                "Content-Length: 100\r\n\r\n{\"username\":"));
  const auto end = slow.receive(5s);
  EXPECT_TRUE(end.ended);
  EXPECT_TRUE(end.received.empty()) << end.received;
  EXPECT_GE(metric(http_, "linkstream_http_connections_ended_total{reason=\"slow_body\"}"), 1);
}

TEST_F(ShortTimeouts, PastItsCapAnAddressGets429AndOtherAddressesGoOn) {
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 20; ++i) {
    held.push_back(std::make_unique<RawConnection>(kShortTimeoutsPort, "127.0.0.5"));
    ASSERT_TRUE(held.back()->connected()) << i;
  }
  // The table knows a connection once its worker has taken it: each of the 20 answers
  // once, so all are known before the 21st opens.
  for (auto& connection : held) {
    ASSERT_TRUE(connection->send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n"));
    ASSERT_EQ(connection->answer(2s).status(), 200);
  }
  RawConnection one_more(kShortTimeoutsPort, "127.0.0.5");
  ASSERT_TRUE(one_more.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n"));
  const auto refused = one_more.receive(3s);
  EXPECT_EQ(refused.status(), 429) << refused.received;
  EXPECT_NE(refused.body().find("\"error\":\"too many connections from this address"),
            std::string::npos)
      << refused.body();
  EXPECT_TRUE(refused.ended) << "the refused connection stays open";

  RawConnection elsewhere(kShortTimeoutsPort, "127.0.0.6");
  ASSERT_TRUE(elsewhere.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(elsewhere.answer(2s).status(), 200) << "another address";
  EXPECT_GE(metric(http_, "linkstream_http_connections_refused_total{reason=\"address\"}"), 1);

  held.pop_back();  // one of the 20 closes: room for one more
  EXPECT_TRUE(testing::eventually(
      [&] {
        RawConnection again(kShortTimeoutsPort, "127.0.0.5");
        again.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
        return again.answer(2s).status() == 200;
      },
      10s));
}

TEST_F(ShortTimeouts, PastTheTotalCapNewConnectionsAreClosedAtOnce) {
  // 120 in all, 20 per address: seven addresses fill it.
  std::vector<std::unique_ptr<RawConnection>> held;
  bool closed_unanswered = false;
  for (int address = 10; address < 17 && !closed_unanswered; ++address) {
    for (int i = 0; i < 20 && !closed_unanswered; ++i) {
      auto connection =
          std::make_unique<RawConnection>(kShortTimeoutsPort, "127.0.1." + std::to_string(address));
      ASSERT_TRUE(connection->connected());
      connection->send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
      const auto answer = connection->answer(2s);
      if (answer.ended && answer.received.empty())
        closed_unanswered = true;
      else
        ASSERT_EQ(answer.status(), 200) << answer.received;
      held.push_back(std::move(connection));
    }
  }
  EXPECT_TRUE(closed_unanswered) << held.size() << " connections and none refused";
  EXPECT_GE(held.size(), 100u) << "refused before the cap";
  held.clear();
  EXPECT_TRUE(testing::eventually(
      [&] {
        try {
          return HttpClient(replica_.url()).get("/health").status == 200;
        } catch (const std::exception&) {
          return false;  // closed unanswered: not yet
        }
      },
      10s))
      << "no room again once the connections closed";
  EXPECT_GE(metric(http_, "linkstream_http_connections_refused_total{reason=\"total\"}"), 1);
}

// Sequential redirects on one keep-alive connection: their latencies, sorted.
std::vector<double> redirect_latencies_ms(HttpClient& http, const std::string& path, int count) {
  std::vector<double> latencies;
  for (int i = 0; i < count; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const auto status = http.get(path).status;
    latencies.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    if (status != 302) ADD_FAILURE() << "redirect " << i << " answered " << status;
  }
  std::sort(latencies.begin(), latencies.end());
  return latencies;
}

TEST(ManyIdleConnections, FifteenHundredHeldAtOnceLeaveRedirectsTheirLatency) {
  // This process holds 1,500 sockets too.
  rlimit files{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &files), 0);
  files.rlim_cur = std::max<rlim_t>(files.rlim_cur, std::min<rlim_t>(files.rlim_max, 4096));
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &files), 0);
  ASSERT_GE(files.rlim_cur, 2000u) << "cannot hold 1,500 connections here";

  // The defaults, except a cap that 100 connections per address stay under.
  testing::ApiReplica replica(kManyIdlePort, LINKSTREAM_API_BINARY,
                              {"LINKSTREAM_HTTP_MAX_CONNECTIONS_PER_ADDRESS=128"});
  ASSERT_TRUE(replica.ready()) << replica.log();
  HttpClient stack(testing::api_url());
  const auto user = testing::create_user(stack);
  const auto url = testing::create_url(stack, user.id, "https://example.com/held");
  HttpClient http(replica.url());
  const auto path = "/" + url.short_code;
  ASSERT_TRUE(testing::eventually([&] { return http.get(path).status == 302; }, 30s));

  const auto before = redirect_latencies_ms(http, path, 300);
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 1500; ++i) {
    idle.push_back(
        std::make_unique<RawConnection>(kManyIdlePort, "127.0.2." + std::to_string(10 + i / 100)));
    ASSERT_TRUE(idle.back()->connected()) << "connection " << i;
  }
  ASSERT_TRUE(testing::eventually(
      [&] { return metric(http, "linkstream_http_open_connections") >= 1500; }, 30s))
      << metric(http, "linkstream_http_open_connections") << " connections held";
  const auto during = redirect_latencies_ms(http, path, 300);

  const double median_before = before[before.size() / 2];
  const double median_during = during[during.size() / 2];
  std::cout << "redirect median " << median_before << " ms, p99 "
            << before[before.size() * 99 / 100] << " ms; with 1,500 idle connections: median "
            << median_during << " ms, p99 " << during[during.size() * 99 / 100] << " ms\n";
  EXPECT_LE(median_during, 3 * median_before + 1.0)
      << "median " << median_before << " ms before, " << median_during << " ms with 1,500 idle";
  RawConnection newcomer(kManyIdlePort, "127.0.3.1");
  ASSERT_TRUE(newcomer.send("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(newcomer.answer(2s).status(), 302) << "a new client is still served";
  EXPECT_EQ(replica.stop(), 0) << replica.log().substr(0, 2000);
}

}  // namespace
}  // namespace linkstream
