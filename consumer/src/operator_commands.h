#pragma once
// The projector's operator commands, as both linkstream-projector and linkstreamctl (ctl/)
// run them:
//
//   rebuild                 rebuild every read table from offset 0 and swap it in
//   verify                  compare the read tables with a fresh fold of the log
//   replay TOPIC SINCE      write TOPIC's events since SINCE again (replay.h)

#include <string>
#include <vector>

#include "config.h"

namespace linkstream::projector {

inline constexpr const char* kOperatorCommandsUsage =
    "  rebuild              rebuild every read table from offset 0, then swap it in\n"
    "  verify               compare the read tables with a fresh fold of the log\n"
    "  replay TOPIC SINCE   write TOPIC's events since SINCE again; SINCE is a UTC time\n"
    "                       YYYY-MM-DDTHH:MM:SS, 'beginning', or PARTITION:OFFSET[,...]\n";

// True when `command` is one of the commands above.
bool is_operator_command(const std::string& command);

// Runs `arguments` (the command and its operands) and returns the process exit code: 0
// done, 1 failed or (verify) different, 2 a usage error, explained on stderr. The
// migrations (for rebuild and verify) come from LINKSTREAM_MIGRATIONS_DIR, else the source
// tree's migrations/. Throws on a PostgreSQL or Kafka error.
int run_operator_command(const Config& config, const std::vector<std::string>& arguments);

}  // namespace linkstream::projector
