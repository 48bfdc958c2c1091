#pragma once
// Everything linkstream-deliverer can be told, read once from the environment at start
// (docs/configuration.md, docs/webhooks.md).

#include <chrono>
#include <string>

namespace linkstream::deliverer {

struct Config {
  std::string kafka_brokers = "127.0.0.1:9092";  // LINKSTREAM_KAFKA_BROKERS
  std::string pg_uri = "postgresql://linkstream@127.0.0.1:5432/linkstream";  // LINKSTREAM_PG_URI
  std::string environment = "production";           // LINKSTREAM_ENVIRONMENT: production or local
  std::string webhook_key = "linkstream-webhooks";  // LINKSTREAM_WEBHOOK_KEY: as the api's
  std::string allowed_private;  // LINKSTREAM_WEBHOOK_ALLOWED_PRIVATE: as the api's
  // One attempt's limit (connect, send, answer); a receiver that takes longer failed.
  std::chrono::milliseconds attempt_timeout{5000};  // LINKSTREAM_WEBHOOK_TIMEOUT_MS
  // Retries wait about retry_base * 2^(attempt-1), at most retry_max, half of it random.
  std::chrono::milliseconds retry_base{1000};   // LINKSTREAM_WEBHOOK_RETRY_BASE_MS
  std::chrono::milliseconds retry_max{300000};  // LINKSTREAM_WEBHOOK_RETRY_MAX_MS
  // A delivery still failing this long after it was owed is dead (a dead letter).
  std::chrono::seconds give_up_after{86400};  // LINKSTREAM_WEBHOOK_GIVE_UP_AFTER_S
  int senders = 8;               // LINKSTREAM_WEBHOOK_SENDERS: endpoints sent to at once
  std::size_t max_batch = 1000;  // events matched per transaction
  // How long the broker may hold a fetch to gather events for it (eventlog::batched_fetch).
  std::chrono::milliseconds fetch_wait{20};  // LINKSTREAM_DELIVERER_FETCH_WAIT_MS
  // GET /metrics (deliverer_metrics.h), which health checks ask too.
  std::string metrics_address = "127.0.0.1:9465";  // LINKSTREAM_DELIVERER_METRICS_ADDRESS

  // Throws platform::SettingError naming the variable that is wrong; in production also
  // for the built-in webhook key or one under 16 bytes.
  static Config from_environment();
  std::string describe() const;
};

}  // namespace linkstream::deliverer
