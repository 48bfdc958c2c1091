// linkstreamctl: the operator's commands for a running linkstream, through its documented
// interfaces (the api's HTTP routes, Kafka, PostgreSQL's read tables). deploy/linkstreamctl
// runs it with a local stack's settings; on other hosts set LINKSTREAM_API_URL,
// LINKSTREAM_KAFKA_BROKERS and LINKSTREAM_PG_URI (docs/configuration.md).

#include <spdlog/spdlog.h>

#include <iostream>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "import_command.h"
#include "linkstream/eventlog/kafka_settings.h"
#include "linkstream/platform/environment.h"
#include "linkstream/platform/logging.h"
#include "log_commands.h"
#include "operator_commands.h"
#include "settings.h"
#include "snapshot_command.h"

using namespace linkstream;

namespace {

constexpr const char* kHelp =
    "linkstreamctl: operate a running linkstream\n"
    "\n"
    "usage: linkstreamctl COMMAND [ARGUMENTS]\n"
    "\n"
    "  import FILE...       import the hackathon CSV files (users, URLs, events) through\n"
    "                       the api, with progress and a summary; safe to run again\n"
    "  lag                  per partition: where the log ends, where the projector stands\n"
    "  voided [--reason R] [--limit N]\n"
    "                       events void for every reader, by reason, newest first\n"
    "  dead-letters [list]  messages the projector could not read\n"
    "  dead-letters resend TOPIC/PARTITION/OFFSET... | --all\n"
    "                       append dead letters to their topic again (after an upgrade\n"
    "                       that can read them)\n"
    "  snapshot inspect [FILE...]\n"
    "                       what a view snapshot holds, how far behind the log it is\n"
    "  snapshot write FILE  fold the entity topics into a snapshot a new replica starts from\n"
    "%s"
    "\n"
    "Settings (the processes' own, docs/configuration.md): LINKSTREAM_API_URL,\n"
    "LINKSTREAM_KAFKA_BROKERS, LINKSTREAM_PG_URI, LINKSTREAM_STATE_DIR.\n"
    "deploy/linkstreamctl sets them for a local stack (LINKSTREAM_PROFILE=test for the\n"
    "test stack). Exit status: 0 done, 1 failed or found a difference, 2 a usage error.\n"
    "More: docs/operations.md.\n";

void print_help() {
  std::string help(kHelp);
  help.replace(help.find("%s"), 2, projector::kOperatorCommandsUsage);
  std::cout << help;
}

int dispatch(const ctl::Settings& settings, const std::string& command,
             const std::vector<std::string>& arguments) {
  if (command == "import") return ctl::run_import(settings.api_url, arguments);
  if (command == "lag") return ctl::run_lag(settings, arguments);
  if (command == "voided") return ctl::run_voided(settings, arguments);
  if (command == "dead-letters") return ctl::run_dead_letters(settings, arguments);
  if (command == "snapshot") return ctl::run_snapshot(settings, arguments);
  std::vector<std::string> whole{command};
  whole.insert(whole.end(), arguments.begin(), arguments.end());
  return projector::run_operator_command(settings.projector, whole);
}

bool known(const std::string& command) {
  return command == "import" || command == "lag" || command == "voided" ||
         command == "dead-letters" || command == "snapshot" ||
         projector::is_operator_command(command);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    print_help();
    return words.empty() ? 2 : 0;
  }
  const std::string& command = words[0];
  if (!known(command)) {
    std::cerr << "linkstreamctl: no command '" << command
              << "'; `linkstreamctl --help` lists them\n";
    return 2;
  }
  // Library messages (librdkafka's) are JSON lines on stderr, apart from the command's output.
  platform::setup_logging("linkstreamctl");
  spdlog::set_level(spdlog::level::warn);
  ctl::Settings settings;
  try {
    settings = ctl::Settings::from_environment();
  } catch (const platform::SettingError& e) {
    std::cerr << "linkstreamctl: bad setting: " << e.what() << "\n";
    return 2;
  }
  try {
    return dispatch(settings, command, {words.begin() + 1, words.end()});
  } catch (const pqxx::broken_connection& e) {
    std::cerr << command << ": cannot reach PostgreSQL at "
              << platform::mask_password(settings.projector.pg_uri) << " (" << e.what()
              << "); is the stack up (deploy/stack status)? Another database: LINKSTREAM_PG_URI\n";
  } catch (const eventlog::KafkaSetupError& e) {
    std::cerr
        << command << ": Kafka at " << settings.projector.kafka_brokers << ": " << e.what()
        << "; is the stack up (deploy/stack status)? Other brokers: LINKSTREAM_KAFKA_BROKERS\n";
  } catch (const std::exception& e) {
    std::cerr << command << " failed: " << e.what() << "\n";
  }
  return 1;
}
