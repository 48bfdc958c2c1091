// Which connections the api keeps: caps per address and in all, and the idle, head and
// body timeouts the sweep finds, on a clock the test moves.
#include "http/connection_table.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <vector>

namespace linkstream::api {
namespace {

using namespace std::chrono_literals;
using Phase = ConnectionActivity::Phase;
using Overdue = ConnectionTable::Overdue;

class ConnectionTableTest : public ::testing::Test {
 protected:
  ConnectionTable::Admission open(int fd, const std::string& address, bool capped = true) {
    auto& activity = activities_[fd] = std::make_shared<ConnectionActivity>(t0_);
    return table_.admit(fd, address, capped, activity, t0_);
  }

  std::map<int, Overdue> overdue_at(ConnectionTable::Clock::duration after) {
    std::map<int, Overdue> ended;
    table_.sweep(t0_ + after, [&](int fd, Overdue why) { ended[fd] = why; });
    return ended;
  }

  const ConnectionTable::Clock::time_point t0_ = ConnectionTable::Clock::now();
  ConnectionTable table_{{.idle_timeout = 60s,
                          .header_timeout = 10s,
                          .body_timeout = 30s,
                          .max_per_address = 2,
                          .max_connections = 5}};
  std::map<int, std::shared_ptr<ConnectionActivity>> activities_;
};

TEST_F(ConnectionTableTest, AnAddressPastItsCapIsRefusedOthersAndTrustedProxiesAreNot) {
  using Admission = ConnectionTable::Admission;
  EXPECT_EQ(open(10, "198.51.100.7"), Admission::kAdmitted);
  EXPECT_EQ(open(11, "198.51.100.7"), Admission::kAdmitted);
  EXPECT_EQ(open(12, "198.51.100.7"), Admission::kTooManyFromAddress);
  EXPECT_EQ(open(13, "2001:db8:1:2::1"), Admission::kAdmitted);
  EXPECT_EQ(open(14, "2001:db8:1:2::99"), Admission::kAdmitted);
  EXPECT_EQ(table_.open(), 5u);
  EXPECT_EQ(open(15, "198.51.100.8"), Admission::kTooMany) << "five in all";

  table_.forget(10);
  table_.forget(12);
  EXPECT_EQ(open(16, "198.51.100.7"), Admission::kAdmitted) << "one of its own closed";
  table_.forget(13);
  EXPECT_EQ(open(17, "2001:db8:1:2::5"), Admission::kAdmitted);
  EXPECT_EQ(open(18, "2001:db8:1:2:ffff::1"), Admission::kTooManyFromAddress)
      << "an IPv6 client is its /64";
  table_.forget(18);
  table_.forget(17);
  table_.forget(14);
  table_.forget(11);
  table_.forget(16);
  EXPECT_EQ(open(19, "127.0.0.1", false), Admission::kAdmitted);
  EXPECT_EQ(open(20, "127.0.0.1", false), Admission::kAdmitted);
  EXPECT_EQ(open(21, "127.0.0.1", false), Admission::kAdmitted) << "a trusted proxy is uncapped";
}

TEST_F(ConnectionTableTest, EachPhaseHasItsOwnTimeoutAndServingHasNone) {
  open(1, "192.0.2.1");  // idle since t0
  open(2, "192.0.2.2");
  activities_[2]->enter(Phase::kHead, t0_ + 1s);
  open(3, "192.0.2.3");
  activities_[3]->enter(Phase::kBody, t0_ + 1s);
  open(4, "192.0.2.4");
  activities_[4]->enter(Phase::kServing, t0_);

  EXPECT_TRUE(overdue_at(10s).empty());
  EXPECT_EQ(overdue_at(12s), (std::map<int, Overdue>{{2, Overdue::kSlowHead}}));
  EXPECT_EQ(overdue_at(32s), (std::map<int, Overdue>{{3, Overdue::kSlowBody}}));
  EXPECT_EQ(overdue_at(61s), (std::map<int, Overdue>{{1, Overdue::kIdle}}));
  EXPECT_TRUE(overdue_at(24h).empty()) << "each reported once; serving is never overdue";
}

TEST_F(ConnectionTableTest, ThePhaseClockRestartsOnlyWhenThePhaseChanges) {
  open(1, "192.0.2.1");
  activities_[1]->enter(Phase::kHead, t0_ + 1s);
  activities_[1]->enter(Phase::kHead, t0_ + 9s);  // more of the same head
  EXPECT_EQ(overdue_at(12s), (std::map<int, Overdue>{{1, Overdue::kSlowHead}}))
      << "a head trickled a byte at a time is timed from its first byte";

  open(2, "192.0.2.2");
  activities_[2]->enter(Phase::kServing, t0_ + 1s);
  activities_[2]->enter(Phase::kIdle, t0_ + 50s);
  EXPECT_TRUE(overdue_at(100s).empty()) << "idle since its answer, not since it opened";
  EXPECT_EQ(overdue_at(111s), (std::map<int, Overdue>{{2, Overdue::kIdle}}));
}

TEST_F(ConnectionTableTest, ARefusedConnectionThatSendsNothingEndsAfterItsGrace) {
  open(1, "198.51.100.9");
  open(2, "198.51.100.9");
  ASSERT_EQ(open(3, "198.51.100.9"), ConnectionTable::Admission::kTooManyFromAddress);
  EXPECT_TRUE(overdue_at(ConnectionTable::kRefusedGrace).empty());
  EXPECT_EQ(overdue_at(ConnectionTable::kRefusedGrace + 1ms),
            (std::map<int, Overdue>{{3, Overdue::kRefused}}));
}

TEST_F(ConnectionTableTest, ZeroMeansNoTimeout) {
  ConnectionTable unlimited({.idle_timeout = 0s,
                             .header_timeout = 0s,
                             .body_timeout = 0s,
                             .max_per_address = 0,
                             .max_connections = 1000});
  auto activity = std::make_shared<ConnectionActivity>(t0_);
  for (int fd = 0; fd < 500; ++fd) {
    ASSERT_EQ(unlimited.admit(fd, "192.0.2.1", true, activity, t0_),
              ConnectionTable::Admission::kAdmitted);
  }
  int ended = 0;
  unlimited.sweep(t0_ + 24h, [&](int, Overdue) { ++ended; });
  EXPECT_EQ(ended, 0);
}

}  // namespace
}  // namespace linkstream::api
