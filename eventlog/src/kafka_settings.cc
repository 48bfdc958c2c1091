#include "linkstream/eventlog/kafka_settings.h"

#include <spdlog/spdlog.h>

namespace linkstream::eventlog {

namespace {

// librdkafka's own log lines go through spdlog, so that they are JSON lines like every
// other line of the process (librdkafka would print them to stderr).
class KafkaLogBridge : public RdKafka::EventCb {
 public:
  void event_cb(RdKafka::Event& event) override {
    // Errors also come as log lines (FAIL, ERROR): logging both would say it twice.
    if (event.type() != RdKafka::Event::EVENT_LOG) return;
    const auto severity = event.severity();
    const auto level = severity <= RdKafka::Event::EVENT_SEVERITY_ERROR     ? spdlog::level::err
                       : severity == RdKafka::Event::EVENT_SEVERITY_WARNING ? spdlog::level::warn
                       : severity <= RdKafka::Event::EVENT_SEVERITY_INFO    ? spdlog::level::info
                                                                            : spdlog::level::debug;
    spdlog::log(level, "kafka {}: {}", event.fac(), event.str());
  }
};

KafkaLogBridge kafka_log_bridge;  // stateless: one for every client

}  // namespace

void set_kafka_setting(RdKafka::Conf& conf, const std::string& key, const std::string& value) {
  std::string error;
  if (conf.set(key, value, error) != RdKafka::Conf::CONF_OK) {
    throw KafkaSetupError("Kafka setting " + key + "=" + value + " refused: " + error);
  }
}

std::unique_ptr<RdKafka::Conf> make_kafka_conf(const KafkaSettings& settings) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  if (conf->set("event_cb", static_cast<RdKafka::EventCb*>(&kafka_log_bridge), error) !=
      RdKafka::Conf::CONF_OK) {
    throw KafkaSetupError("cannot route librdkafka's log: " + error);
  }
  for (const auto& [key, value] : settings) set_kafka_setting(*conf, key, value);
  return conf;
}

}  // namespace linkstream::eventlog
