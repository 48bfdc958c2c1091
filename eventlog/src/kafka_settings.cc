#include "linkstream/eventlog/kafka_settings.h"

namespace linkstream::eventlog {

void set_kafka_setting(RdKafka::Conf& conf, const std::string& key, const std::string& value) {
  std::string error;
  if (conf.set(key, value, error) != RdKafka::Conf::CONF_OK) {
    throw KafkaSetupError("Kafka setting " + key + "=" + value + " refused: " + error);
  }
}

std::unique_ptr<RdKafka::Conf> make_kafka_conf(const KafkaSettings& settings) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  for (const auto& [key, value] : settings) set_kafka_setting(*conf, key, value);
  return conf;
}

}  // namespace linkstream::eventlog
