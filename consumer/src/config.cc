#include "config.h"

#include "linkstream/platform/environment.h"

namespace linkstream::projector {

using platform::env_integer;
using platform::env_string;

Config Config::from_environment() {
  Config c;
  c.kafka_brokers = env_string("LINKSTREAM_KAFKA_BROKERS", c.kafka_brokers);
  c.pg_uri = env_string("LINKSTREAM_PG_URI", c.pg_uri);
  c.max_batch = static_cast<std::size_t>(env_integer(
      "LINKSTREAM_PROJECTOR_MAX_BATCH", static_cast<std::int64_t>(c.max_batch), 1, 1'000'000));
  c.poll_wait = std::chrono::milliseconds(
      env_integer("LINKSTREAM_PROJECTOR_POLL_MS", c.poll_wait.count(), 1, 60'000));
  c.batch_linger = std::chrono::milliseconds(
      env_integer("LINKSTREAM_PROJECTOR_BATCH_LINGER_MS", c.batch_linger.count(), 0, 10'000));
  c.fetch_wait = std::chrono::milliseconds(
      env_integer("LINKSTREAM_PROJECTOR_FETCH_WAIT_MS", c.fetch_wait.count(), 0, 10'000));
  c.metrics_address = env_string("LINKSTREAM_PROJECTOR_METRICS_ADDRESS", c.metrics_address);
  return c;
}

std::string Config::describe() const {
  return "kafka=" + kafka_brokers + " postgres=" + platform::mask_password(pg_uri) +
         " max_batch=" + std::to_string(max_batch) +
         " poll_ms=" + std::to_string(poll_wait.count()) +
         " batch_linger_ms=" + std::to_string(batch_linger.count()) +
         " fetch_wait_ms=" + std::to_string(fetch_wait.count()) + " metrics=http://" +
         metrics_address + "/metrics";
}

}  // namespace linkstream::projector
