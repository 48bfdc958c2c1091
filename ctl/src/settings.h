#pragma once
// Where linkstreamctl finds the running stack: the same settings the processes get
// (docs/configuration.md). deploy/linkstreamctl sets them for a local stack's profile.

#include <string>

#include "config.h"  // linkstream::projector::Config: PostgreSQL and Kafka

namespace linkstream::ctl {

struct Settings {
  projector::Config projector;  // LINKSTREAM_PG_URI, LINKSTREAM_KAFKA_BROKERS, ...
  std::string api_url = "http://127.0.0.1:8080";  // LINKSTREAM_API_URL
  std::string state_dir;  // LINKSTREAM_STATE_DIR: where replicas keep their snapshots

  // Throws platform::SettingError naming the variable that is wrong.
  static Settings from_environment();
};

}  // namespace linkstream::ctl
