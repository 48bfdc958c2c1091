#pragma once
// librdkafka configuration from named settings, every one checked.

#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace linkstream::eventlog {

using KafkaSettings = std::vector<std::pair<std::string, std::string>>;

// Thrown when librdkafka refuses a setting or a client cannot be created; the message
// names the setting.
class KafkaSetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A global configuration holding every setting. Throws KafkaSetupError.
std::unique_ptr<RdKafka::Conf> make_kafka_conf(const KafkaSettings& settings);

// Sets one more setting (or a callback) on `conf`. Throws KafkaSetupError.
void set_kafka_setting(RdKafka::Conf& conf, const std::string& key, const std::string& value);

}  // namespace linkstream::eventlog
