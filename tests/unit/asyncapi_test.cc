// docs/asyncapi.yaml against what the log really holds: the topics deploy/stack creates
// (deploy/topics.conf), the JSON Schemas in schema/events/, and the event types the code
// writes, each on the topic the code writes it to. Like the OpenAPI route parity test, a
// thing missing on either side fails.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <variant>

#include "linkstream/schema/events.h"
#include "linkstream/schema/topics.h"

namespace linkstream {
namespace {

const std::string kSource = LINKSTREAM_SOURCE_DIR;
const std::string kSchemaRef = "../schema/events/";

struct Message {
  std::string channel_address;
  std::string name;
  int version = 0;          // 0: not an event (the dead letter)
  std::string data_schema;  // file name in schema/events/, empty when none
};

std::vector<Message> documented_messages() {
  const auto document = YAML::LoadFile(kSource + "/docs/asyncapi.yaml");
  EXPECT_EQ(document["asyncapi"].as<std::string>(), "3.0.0");
  const auto components = document["components"]["messages"];
  std::vector<Message> messages;
  for (const auto& channel : document["channels"]) {
    const auto address = channel.second["address"].as<std::string>();
    for (const auto& entry : channel.second["messages"]) {
      const auto ref = entry.second["$ref"].as<std::string>();
      const auto component = components[ref.substr(ref.rfind('/') + 1)];
      EXPECT_TRUE(component) << ref << " names no message";
      if (!component) continue;
      Message message{address, component["name"].as<std::string>(), 0, ""};
      for (const auto& part : component["payload"]["allOf"]) {
        const auto properties = part["properties"];
        if (!properties) continue;
        message.version = properties["version"]["enum"][0].as<int>();
        const auto data = properties["data"]["$ref"].as<std::string>("");
        EXPECT_EQ(data.rfind(kSchemaRef, 0), 0u) << ref << ": " << data;
        message.data_schema = data.substr(std::min(data.size(), kSchemaRef.size()));
      }
      messages.push_back(message);
    }
  }
  return messages;
}

TEST(AsyncApi, DescribesEveryTopicTheStackCreatesAndNoOther) {
  std::set<std::string> created;
  std::ifstream conf(kSource + "/deploy/topics.conf");
  for (std::string line; std::getline(conf, line);) {
    std::istringstream words(line);
    std::string name;
    if (words >> name && name[0] != '#') created.insert(name);
  }
  std::set<std::string> documented;
  for (const auto& channel : YAML::LoadFile(kSource + "/docs/asyncapi.yaml")["channels"])
    documented.insert(channel.second["address"].as<std::string>());
  EXPECT_EQ(documented, created);
  EXPECT_EQ(created.size(), 6u);
}

TEST(AsyncApi, EveryEventSchemaIsTheDataOfOneMessageAndEveryMessageHasItsSchema) {
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(kSource + "/schema/events")) {
    const auto name = entry.path().filename().string();
    if (name != "envelope.json") files.insert(name);
  }
  std::multiset<std::string> referenced;
  for (const auto& message : documented_messages())
    if (message.version != 0) referenced.insert(message.data_schema);
  EXPECT_EQ(std::set<std::string>(referenced.begin(), referenced.end()), files);
  EXPECT_EQ(referenced.size(), files.size()) << "a schema is the data of two messages";
}

// Every alternative of schema::EventBody: its type, the version this build writes, and
// the topic it is written to.
template <std::size_t... I>
std::set<std::tuple<std::string, int, std::string>> written_types(std::index_sequence<I...>) {
  std::set<std::tuple<std::string, int, std::string>> types;
  (
      [&] {
        schema::EventBody body{std::in_place_index<I>};
        types.emplace(std::string(schema::type_name(body)), schema::type_version(body),
                      std::string(schema::topic_name(schema::topic_of(body))));
      }(),
      ...);
  return types;
}

TEST(AsyncApi, EveryEventTypeTheCodeWritesIsAMessageOfItsTopicAtItsVersion) {
  const auto written =
      written_types(std::make_index_sequence<std::variant_size_v<schema::EventBody>>());
  std::set<std::tuple<std::string, int, std::string>> documented;
  std::set<std::string> documented_names;
  for (const auto& message : documented_messages()) {
    if (message.version == 0) continue;  // the dead letter
    documented.emplace(message.name, message.version, message.channel_address);
    documented_names.insert(message.name);
    EXPECT_EQ(message.data_schema, message.name + ".v" + std::to_string(message.version) + ".json");
  }
  std::set<std::string> written_names;
  for (const auto& type : written) {
    EXPECT_TRUE(documented.contains(type))
        << std::get<0>(type) << " v" << std::get<1>(type) << " on " << std::get<2>(type)
        << " is written by the code but not described";
    written_names.insert(std::get<0>(type));
  }
  // Older versions stay described (readers upcast them); every type described is written.
  EXPECT_EQ(documented_names, written_names);
  EXPECT_EQ(written.size(), 14u);
}

}  // namespace
}  // namespace linkstream
