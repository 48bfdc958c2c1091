#include <rapidjson/document.h>

#include <iostream>
#include <pqxx/pqxx>
#include <set>

#include "linkstream/eventlog/log_reader.h"
#include "linkstream/eventlog/log_writer.h"
#include "linkstream/schema/codec.h"
#include "log_commands.h"
#include "text_table.h"
#include "topic_scan.h"

namespace linkstream::ctl {

namespace {

constexpr const char* kUsage =
    "usage: linkstreamctl dead-letters [list]\n"
    "       linkstreamctl dead-letters resend TOPIC/PARTITION/OFFSET... | --all\n";

int list(const Settings& settings) {
  pqxx::connection connection(settings.projector.pg_uri);
  pqxx::nontransaction tx(connection);
  TextTable table({"position", "reason", "bytes", "dead-lettered at", "message"});
  for (const auto& row : tx.exec(
           "SELECT topic || '/' || \"partition\" || '/' || \"offset\", reason, payload_bytes, "
           "to_char(dead_lettered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS'), "
           "left(message, 100) FROM dead_letters ORDER BY dead_lettered_at, topic, \"partition\", "
           "\"offset\"")) {
    table.add({row[0].c_str(), row[1].c_str(), row[2].c_str(), row[3].c_str(), row[4].c_str()});
  }
  if (table.rows() == 0) {
    std::cout << "no dead letters: the projector has read every message of the log" << std::endl;
    return 0;
  }
  table.print(std::cout);
  std::cout
      << "\n"
      << table.rows() << " dead letter(s). Their payloads are in "
      << "linkstream.deadletter (docs/events.md, Dead letters). Once a release can read "
         "them, `linkstreamctl dead-letters resend POSITION` appends them to their topic again."
      << std::endl;
  return 0;
}

struct DeadLetter {
  std::string position;  // "linkstream.urls/0/41"
  std::string payload;
  std::int64_t payload_bytes = 0;
};

// The dead letters in linkstream.deadletter, by position (the newest record of a position
// wins: the projector writes one again when it meets the message again after a replay).
std::map<std::string, DeadLetter> read_dead_letters(const Settings& settings) {
  eventlog::LogReader reader({.brokers = settings.projector.kafka_brokers,
                              .client_id = "linkstreamctl-deadletters",
                              .extra = {}});
  std::map<std::string, DeadLetter> letters;
  scan_to_end(reader, from_the_beginning(reader, {schema::Topic::kDeadLetters}),
              [&](const eventlog::LogMessage& message) {
                rapidjson::Document json;
                json.Parse(message.payload.c_str(), message.payload.size());
                const auto has = [&](const char* name, auto is) {
                  return json.IsObject() && json.HasMember(name) && (json[name].*is)();
                };
                using Value = rapidjson::Value;
                if (!has("topic", &Value::IsString) || !has("partition", &Value::IsInt) ||
                    !has("offset", &Value::IsInt64) || !has("payload", &Value::IsString) ||
                    !has("payload_bytes", &Value::IsInt64)) {
                  return;  // not a dead letter the projector wrote
                }
                DeadLetter letter;
                letter.position = std::string(json["topic"].GetString()) + "/" +
                                  std::to_string(json["partition"].GetInt()) + "/" +
                                  std::to_string(json["offset"].GetInt64());
                letter.payload.assign(json["payload"].GetString(),
                                      json["payload"].GetStringLength());
                letter.payload_bytes = json["payload_bytes"].GetInt64();
                letters[letter.position] = std::move(letter);
              });
  return letters;
}

int resend(const Settings& settings, const std::vector<std::string>& positions, bool all) {
  const auto letters = read_dead_letters(settings);
  std::vector<const DeadLetter*> chosen;
  for (const auto& position : positions) {
    const auto it = letters.find(position);
    if (it == letters.end()) {
      std::cerr << "dead-letters: no dead letter at " << position
                << " (positions are TOPIC/PARTITION/OFFSET, as `linkstreamctl dead-letters` lists "
                   "them)\n";
      return 2;
    }
    chosen.push_back(&it->second);
  }
  if (all) {
    for (const auto& [position, letter] : letters) chosen.push_back(&letter);
  }
  eventlog::LogWriter writer({.brokers = settings.projector.kafka_brokers,
                              .client_id = "linkstreamctl-resend",
                              .extra = {},
                              .topics = {}});
  int queued = 0, kept = 0, refused = 0;
  std::atomic<int> undelivered{0};
  for (const auto* letter : chosen) {
    if (static_cast<std::int64_t>(letter->payload.size()) < letter->payload_bytes) {
      std::cout << letter->position << ": kept: only the first 64 KiB of its "
                << letter->payload_bytes << " bytes were kept, it cannot be sent again"
                << std::endl;
      ++kept;
      continue;
    }
    const auto decoded = schema::decode(letter->payload);
    if (!decoded) {
      std::cout << letter->position << ": kept: this release cannot read it either ("
                << schema::describe(decoded.error) << ": " << decoded.message << ")" << std::endl;
      ++kept;
      continue;
    }
    const auto& body = decoded.event->body;
    const auto error = writer.append_encoded(
        schema::topic_of(body), schema::partition_key(body), letter->payload,
        [&undelivered, position = letter->position](const eventlog::Delivery& delivery) {
          if (delivery.ok) {
            std::cout << position << ": sent again, now at " << schema::topic_name(delivery.topic)
                      << "/" << delivery.partition << "/" << delivery.offset << std::endl;
          } else {
            std::cout << position << ": NOT sent: " << delivery.error << std::endl;
            ++undelivered;
          }
        });
    if (error) {
      std::cout << letter->position << ": NOT sent: " << *error << std::endl;
      ++refused;
      continue;
    }
    ++queued;
  }
  if (writer.flush(std::chrono::seconds(30)) > 0) {
    std::cerr << "dead-letters: Kafka did not confirm every message within 30 s; run "
                 "`linkstreamctl lag` and list the dead letters again before resending\n";
    return 1;
  }
  const int failed = refused + undelivered;
  std::cout << "dead-letters: " << queued - undelivered << " sent again, " << kept << " kept, "
            << failed << " failed" << std::endl;
  return failed > 0 || kept > 0 ? 1 : 0;
}

}  // namespace

int run_dead_letters(const Settings& settings, const std::vector<std::string>& arguments) {
  if (arguments.empty() || (arguments[0] == "list" && arguments.size() == 1)) return list(settings);
  if (arguments[0] == "resend" && arguments.size() >= 2) {
    const bool all = arguments.size() == 2 && arguments[1] == "--all";
    std::vector<std::string> positions;
    if (!all) positions.assign(arguments.begin() + 1, arguments.end());
    return resend(settings, positions, all);
  }
  std::cerr << kUsage;
  return 2;
}

}  // namespace linkstream::ctl
