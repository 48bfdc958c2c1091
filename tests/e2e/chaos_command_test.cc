// deploy/chaos on the test stack, a bounded selection of its catalogue (the full one and
// its last table are in docs/failure-modes.md): the command runs, every fault passes, and
// the read tables equal a fresh fold afterwards.

#include <gtest/gtest.h>

#include "support/stack_control.h"

namespace linkstream {
namespace {

TEST(ChaosCommand, KillingTheApiAndPausingKafkaUnderLoadLoseNoClickAndTheTableSaysSo) {
  const auto result = testing::run_command("LINKSTREAM_PROFILE=test '" LINKSTREAM_SOURCE_DIR
                                           "/deploy/chaos' api-kill kafka-pause");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  for (const auto* fault : {"| api-kill ", "| kafka-pause "}) {
    const auto row = result.output.find(fault);
    ASSERT_NE(row, std::string::npos) << fault << " has no row:\n" << result.output;
    const auto line = result.output.substr(row, result.output.find('\n', row) - row);
    EXPECT_NE(line.find("| pass"), std::string::npos) << line;
  }
  EXPECT_NE(result.output.find("deploy/stack verify): yes"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace linkstream
