#pragma once
// Everything linkstream-projector can be told, read once from the environment at start.

#include <chrono>
#include <cstddef>
#include <string>

namespace linkstream::projector {

struct Config {
  std::string kafka_brokers = "127.0.0.1:9092";  // LINKSTREAM_KAFKA_BROKERS
  std::string pg_uri = "postgresql://linkstream@127.0.0.1:5432/linkstream";  // LINKSTREAM_PG_URI
  std::size_t max_batch = 5000;  // LINKSTREAM_PROJECTOR_MAX_BATCH: events per transaction
  std::chrono::milliseconds poll_wait{200};  // LINKSTREAM_PROJECTOR_POLL_MS: wait for a first event
  // After a batch's first event, how long to wait for more before writing it: one
  // transaction per few events costs PostgreSQL far more than the wait costs a reader.
  std::chrono::milliseconds batch_linger{20};  // LINKSTREAM_PROJECTOR_BATCH_LINGER_MS
  // How long the broker may hold a fetch to gather events for it (eventlog::batched_fetch):
  // a reader that fetched each event alone cost the broker a collection pause a second.
  std::chrono::milliseconds fetch_wait{20};  // LINKSTREAM_PROJECTOR_FETCH_WAIT_MS
  std::string metrics_address =
      "127.0.0.1:9464";  // LINKSTREAM_PROJECTOR_METRICS_ADDRESS: GET /metrics

  // Throws platform::SettingError naming the variable that is wrong.
  static Config from_environment();
  std::string describe() const;
};

}  // namespace linkstream::projector
