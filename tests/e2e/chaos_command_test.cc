// deploy/chaos on the test stack, a bounded selection of its catalogue (the full one and
// its last table are in docs/failure-modes.md): the command runs, every fault passes, and
// the read tables equal a fresh fold afterwards. The spool's disk filling up is its own test.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

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

// The spool's disk fills up (deploy/chaos mounts a small tmpfs for the spool and fills it):
// redirects must be refused with a reason, not answered with a click the disk cannot keep,
// and must come back by themselves once there is room, every click answered stored once.
TEST(ChaosCommand, AFullSpoolDiskRefusesRedirectsWithTheReasonAndRecoversWithoutARestart) {
  if (!testing::can_mount_tmpfs())
    GTEST_SKIP() << "the fault mounts a tmpfs for the spool: this process may not mount";
  const std::string log_path = LINKSTREAM_SOURCE_DIR "/.state/test/logs/api.log";
  const auto log_size_before = std::filesystem::file_size(log_path);
  const auto result = testing::run_command("LINKSTREAM_PROFILE=test '" LINKSTREAM_SOURCE_DIR
                                           "/deploy/chaos' api-spool-disk-full");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  const auto row = result.output.find("| api-spool-disk-full ");
  ASSERT_NE(row, std::string::npos) << result.output;
  const auto line = result.output.substr(row, result.output.find('\n', row) - row);
  EXPECT_NE(line.find("| pass"), std::string::npos) << line;
  EXPECT_EQ(line.find("| 0 (0.0 %)"), std::string::npos)
      << "a full disk refused no redirect: the fault did not happen\n"
      << line;

  std::ifstream log(log_path);
  log.seekg(static_cast<std::streamoff>(log_size_before));
  const std::string written((std::istreambuf_iterator<char>(log)), {});
  EXPECT_NE(written.find("cannot write the click spool: No space left on device"),
            std::string::npos)
      << "the api's log does not say why redirects were refused";
}

}  // namespace
}  // namespace linkstream
