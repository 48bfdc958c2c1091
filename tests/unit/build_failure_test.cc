// The two commands of the README never run stale binaries: when the build fails, the run
// command starts nothing and the test command runs no test, and both exit non-zero with
// the compiler's message. A scratch CMake project stands in for linkstream's: it builds
// once (so binaries from a good build exist, as they do on a developer's machine), then
// one of its sources is broken.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/stack_control.h"

namespace linkstream {
namespace {

namespace fs = std::filesystem;
using testing::run_command;

const std::string kRoot = LINKSTREAM_SOURCE_DIR;

void write_file(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

class BuildFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ =
        fs::temp_directory_path() / ("linkstream-build-failure-" + std::to_string(::getpid()));
    fs::remove_all(scratch_);
    const auto source = scratch_ / "source";
    write_file(source / "CMakeLists.txt",
               "cmake_minimum_required(VERSION 3.25)\nproject(scratch CXX)\n"
               "add_subdirectory(api)\nadd_subdirectory(consumer)\nadd_subdirectory(deliverer)\n"
               "add_subdirectory(ctl)\n");
    write_file(source / "api" / "CMakeLists.txt", "add_executable(linkstream-api main.cc)\n");
    write_file(source / "consumer" / "CMakeLists.txt",
               "add_executable(linkstream-projector main.cc)\n");
    write_file(source / "deliverer" / "CMakeLists.txt",
               "add_executable(linkstream-deliverer main.cc)\n");
    write_file(source / "ctl" / "CMakeLists.txt", "add_executable(linkstreamctl main.cc)\n");
    write_file(source / "api" / "main.cc", "int main() { return 0; }\n");
    write_file(source / "consumer" / "main.cc", "int main() { return 0; }\n");
    write_file(source / "deliverer" / "main.cc", "int main() { return 0; }\n");
    write_file(source / "ctl" / "main.cc", "int main() { return 0; }\n");
    const auto built =
        run_command("cmake -S '" + source.string() + "' -B '" + build().string() +
                    "' -G Ninja >/dev/null && cmake --build '" + build().string() + "' 2>&1");
    ASSERT_EQ(built.exit_code, 0) << built.output;
    ASSERT_TRUE(fs::exists(build() / "api" / "linkstream-api"));
    write_file(source / "api" / "main.cc", "int main() { return not_declared_anywhere; }\n");
  }

  void TearDown() override {
    // Only if a regression let the run command start something in the scratch state.
    run_command(environment() + " '" + kRoot + "/deploy/stack' down >/dev/null 2>&1");
    fs::remove_all(scratch_);
  }

  fs::path build() const { return scratch_ / "build"; }
  std::string environment() const {
    return "LINKSTREAM_BUILD_DIR='" + build().string() + "' LINKSTREAM_STATE_DIR='" +
           (scratch_ / "state").string() + "'";
  }

  fs::path scratch_;
};

TEST_F(BuildFailureTest, TheRunCommandStartsNothingWhenTheBuildFails) {
  const auto up = run_command(environment() + " '" + kRoot + "/deploy/stack' up 2>&1");
  EXPECT_NE(up.exit_code, 0) << up.output;
  EXPECT_NE(up.output.find("not_declared_anywhere"), std::string::npos) << up.output;
  EXPECT_NE(up.output.find("nothing was started"), std::string::npos) << up.output;
  EXPECT_FALSE(fs::exists(scratch_ / "state" / "supervisord.conf"));
}

TEST_F(BuildFailureTest, TheTestCommandRunsNoTestWhenTheBuildFails) {
  const auto run = run_command(environment() + " '" + kRoot + "/tests/run' 2>&1");
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("not_declared_anywhere"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("no test was run"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(scratch_ / "state" / "supervisord.conf"));
}

}  // namespace
}  // namespace linkstream
