// The click relay's bookkeeping that needs no broker: what counts as settled.

#include "spool/click_relay.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "support/eventually.h"

namespace linkstream::api {
namespace {

// A restarted api writes a new spool segment. Listings wait until this replica's relay is
// settled up to the spool's end; a relay that had nothing to ship since the restart must
// count as settled, or every listing waits out its freshness budget until the next click.
TEST(ClickRelay, ARestartedReplicaWithNothingToShipIsSettled) {
  const auto directory = std::filesystem::temp_directory_path() /
                         ("linkstream-relay-test-" + std::to_string(std::random_device{}()));
  { ClickSpool before_restart({.directory = directory.string()}); }
  ClickSpool spool({.directory = directory.string()});
  // Never reached: with nothing to ship, the relay sends nothing.
  eventlog::LogWriter writer({.brokers = "127.0.0.1:1",
                              .client_id = "linkstream-relay-test",
                              .delivery_timeout = std::chrono::seconds(1),
                              .extra = {}});
  {
    ClickRelay relay(spool, writer);
    ASSERT_FALSE(relay.settled_up_to(spool.end().mark())) << "the test would prove nothing";
    relay.start();
    EXPECT_TRUE(testing::eventually([&] { return relay.settled_up_to(spool.end().mark()); },
                                    std::chrono::seconds(5)));
  }
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace linkstream::api
