// docs/configuration.md against the settings the code really reads: every LINKSTREAM_*
// variable a process reads (a string literal in the C++ of api/, consumer/, eventlog/,
// platform/ and schema/) or the stack reads (a ${LINKSTREAM_...} expansion under deploy/)
// is in one of its tables, and every one its tables list is read somewhere.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace linkstream {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = LINKSTREAM_SOURCE_DIR;

std::string read(const fs::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Each name `pattern`'s first group finds in the files under `folders`, with the first
// file it was found in.
std::map<std::string, std::string> names_in(const std::vector<std::string>& folders,
                                            const std::regex& pattern,
                                            const std::set<std::string>& extensions) {
  std::map<std::string, std::string> found;
  for (const auto& folder : folders) {
    for (const auto& entry : fs::recursive_directory_iterator(kRoot / folder)) {
      if (!entry.is_regular_file()) continue;
      if (!extensions.empty() && !extensions.count(entry.path().extension().string())) continue;
      const auto text = read(entry.path());
      for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
        found.emplace((*it)[1].str(), fs::relative(entry.path(), kRoot).string());
      }
    }
  }
  return found;
}

std::map<std::string, std::string> settings_read() {
  auto read_by_code = names_in(
      {"api/src", "consumer/src", "deliverer/src", "ctl/src", "eventlog", "platform", "schema"},
      std::regex("\"(LINKSTREAM_[A-Z0-9_]+)\""), {".cc", ".h"});
  // Shell scripts and their libraries under deploy/ (no extension, or .sh).
  const auto read_by_stack =
      names_in({"deploy"}, std::regex(R"(\$\{(LINKSTREAM_[A-Z0-9_]+))"), {"", ".sh"});
  read_by_code.insert(read_by_stack.begin(), read_by_stack.end());
  return read_by_code;
}

std::set<std::string> settings_documented() {
  std::set<std::string> names;
  const auto text = read(kRoot / "docs/configuration.md");
  const std::regex row(R"(\n\| `(LINKSTREAM_[A-Z0-9_]+)` \|)");
  for (std::sregex_iterator it(text.begin(), text.end(), row), end; it != end; ++it) {
    names.insert((*it)[1].str());
  }
  return names;
}

TEST(ConfigurationReference, EverySettingTheCodeReadsIsListedHereAndEveryOneListedIsRead) {
  const auto read_settings = settings_read();
  const auto documented = settings_documented();
  ASSERT_GT(read_settings.size(), 50u) << "the scan found too little: is the source tree there?";
  ASSERT_GT(documented.size(), 50u) << "docs/configuration.md lists too little";
  for (const auto& [name, file] : read_settings) {
    EXPECT_TRUE(documented.count(name))
        << file << " reads " << name << ", which docs/configuration.md does not list";
  }
  for (const auto& name : documented) {
    EXPECT_TRUE(read_settings.count(name))
        << "docs/configuration.md lists " << name << ", which nothing reads";
  }
}

}  // namespace
}  // namespace linkstream
