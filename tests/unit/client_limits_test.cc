// Who a request comes from (trusted proxies) and the token buckets kept per client.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "http/client_address.h"
#include "http/rate_limiter.h"

namespace linkstream::api {
namespace {

using namespace std::chrono_literals;

TEST(TrustedProxies, AddressesAndBlocksOfBothFamilies) {
  const TrustedProxies trusted("127.0.0.1, 10.0.0.0/8,192.168.1.128/25,2001:db8::/32,::1");
  for (const char* yes : {"127.0.0.1", "10.200.3.4", "192.168.1.200", "2001:db8:ffff::9", "::1"})
    EXPECT_TRUE(trusted.contains(yes)) << yes;
  for (const char* no : {"127.0.0.2", "11.0.0.1", "192.168.1.127", "2001:db9::1", "::2", "",
                         "not-an-address", "10.0.0.1/8"})
    EXPECT_FALSE(trusted.contains(no)) << no;
  EXPECT_TRUE(TrustedProxies("").empty());
  EXPECT_THROW(TrustedProxies("127.0.0.1,nginx"), std::invalid_argument);
  EXPECT_THROW(TrustedProxies("10.0.0.0/33"), std::invalid_argument);
  EXPECT_THROW(TrustedProxies("::/129"), std::invalid_argument);
}

TEST(ClientAddress, AForwardingHeaderCountsOnlyFromATrustedPeer) {
  const TrustedProxies nginx("127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.9", nginx), "203.0.113.9");
  EXPECT_EQ(client_address("198.51.100.1", "203.0.113.9", nginx), "198.51.100.1")
      << "a client's own claim";
  EXPECT_EQ(client_address("127.0.0.1", std::nullopt, nginx), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.9", TrustedProxies()), "127.0.0.1");
}

TEST(ClientAddress, TheNearestUntrustedHopIsTheClient) {
  const TrustedProxies proxies("127.0.0.1,10.0.0.0/8");
  // The client forged the first entry; our proxies appended the rest.
  EXPECT_EQ(client_address("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.1.1.1", proxies), "203.0.113.9");
  EXPECT_EQ(client_address("127.0.0.1", "10.1.1.1, 10.2.2.2", proxies), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "garbage", proxies), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", " 2001:db8::7 ", proxies), "2001:db8::7");
}

TEST(RateLimitKey, IPv6ClientsAreKeptByTheirSlash64) {
  EXPECT_EQ(rate_limit_key("203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(rate_limit_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(rate_limit_key("2001:db8:1:2:bbbb::2"), rate_limit_key("2001:db8:1:2:aaaa::1"));
  EXPECT_NE(rate_limit_key("2001:db8:1:3::1"), rate_limit_key("2001:db8:1:2::1"));
}

TEST(RateLimiter, ABurstThenOneTokenPerInterval) {
  RateLimiter limiter({.per_second = 2, .burst = 3});
  const auto t0 = RateLimiter::Clock::now();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.take("a", t0), 0) << i;
  EXPECT_EQ(limiter.take("a", t0), 1) << "empty: retry in a second (rounded up)";
  EXPECT_EQ(limiter.take("b", t0), 0) << "another client's bucket";
  EXPECT_EQ(limiter.take("a", t0 + 500ms), 0) << "one token after half a second at 2/s";
  EXPECT_EQ(limiter.take("a", t0 + 500ms), 1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.take("a", t0 + 1h), 0) << "refilled to the burst";
  EXPECT_EQ(limiter.take("a", t0 + 1h), 1);
}

TEST(RateLimiter, RetryAfterCoversTheWholeWait) {
  RateLimiter limiter({.per_second = 0.1, .burst = 1});
  const auto t0 = RateLimiter::Clock::now();
  EXPECT_EQ(limiter.take("slow", t0), 0);
  EXPECT_EQ(limiter.take("slow", t0), 10);
}

TEST(RateLimiter, NoLimitTakesNothing) {
  RateLimiter limiter({});
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(limiter.take("a"), 0);
}

TEST(RateLimiter, MemoryIsBoundedAndQuietClientsAreForgotten) {
  RateLimiter limiter({.per_second = 1, .burst = 2}, 128);  // 8 buckets per shard
  const auto t0 = RateLimiter::Clock::now();
  for (int i = 0; i < 1000; ++i) limiter.take("client-" + std::to_string(i), t0);
  EXPECT_GT(limiter.untracked(), 0u) << "with every bucket in use, new clients go untracked";
  const auto untracked = limiter.untracked();
  for (int i = 0; i < 30; ++i) limiter.take("later-" + std::to_string(i), t0 + 10s);
  EXPECT_EQ(limiter.untracked(), untracked) << "refilled buckets make room";
}

}  // namespace
}  // namespace linkstream::api
