#include "operator_commands.h"

#include <iostream>

#include "linkstream/platform/environment.h"
#include "rebuild.h"
#include "replay.h"

namespace linkstream::projector {

bool is_operator_command(const std::string& command) {
  return command == "rebuild" || command == "verify" || command == "replay";
}

int run_operator_command(const Config& config, const std::vector<std::string>& arguments) {
  const std::string& command = arguments.at(0);
  const std::string migrations =
      platform::env_string("LINKSTREAM_MIGRATIONS_DIR", LINKSTREAM_DEFAULT_MIGRATIONS_DIR);
  if (command == "rebuild" && arguments.size() == 1) {
    return run_fresh_projection(config, migrations, FreshProjection::kRebuildAndSwap);
  }
  if (command == "verify" && arguments.size() == 1) {
    return run_fresh_projection(config, migrations, FreshProjection::kVerify);
  }
  if (command == "replay" && arguments.size() == 3) {
    const auto topic = schema::topic_from_name(arguments[1]);
    const auto start = parse_replay_start(arguments[2]);
    if (!topic) {
      std::cerr << "unknown topic '" << arguments[1]
                << "' (linkstream.users, linkstream.urls, linkstream.clicks, linkstream.events)\n";
      return 2;
    }
    if (!start) {
      std::cerr << "SINCE must be a UTC time YYYY-MM-DDTHH:MM:SS, 'beginning' or "
                   "PARTITION:OFFSET[,...]; got '"
                << arguments[2] << "'\n";
      return 2;
    }
    return replay_topic(config, *topic, *start, std::chrono::hours(1));
  }
  std::cerr << "usage:\n" << kOperatorCommandsUsage;
  return 2;
}

}  // namespace linkstream::projector
