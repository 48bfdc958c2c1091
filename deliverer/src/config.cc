#include "config.h"

#include "domain/url_policy.h"
#include "linkstream/platform/environment.h"

namespace linkstream::deliverer {

using platform::env_integer;
using platform::env_string;

Config Config::from_environment() {
  Config c;
  c.kafka_brokers = env_string("LINKSTREAM_KAFKA_BROKERS", c.kafka_brokers);
  c.pg_uri = env_string("LINKSTREAM_PG_URI", c.pg_uri);
  c.environment = env_string("LINKSTREAM_ENVIRONMENT", c.environment);
  if (c.environment != "production" && c.environment != "local") {
    throw platform::SettingError("LINKSTREAM_ENVIRONMENT must be production or local, not '" +
                                 c.environment + "'");
  }
  c.webhook_key = env_string("LINKSTREAM_WEBHOOK_KEY", c.webhook_key);
  if (c.environment == "production" &&
      (c.webhook_key == Config{}.webhook_key || c.webhook_key.size() < 16)) {
    throw platform::SettingError(
        "LINKSTREAM_WEBHOOK_KEY is the built-in default or under 16 bytes: in production "
        "anyone who knows it can sign as any webhook (LINKSTREAM_ENVIRONMENT=local allows it "
        "on a local stack)");
  }
  c.allowed_private = env_string("LINKSTREAM_WEBHOOK_ALLOWED_PRIVATE", "");
  try {
    api::UrlPolicy{c.allowed_private, ""};
  } catch (const std::invalid_argument& e) {
    throw platform::SettingError(std::string("LINKSTREAM_WEBHOOK_ALLOWED_PRIVATE: ") + e.what());
  }
  c.attempt_timeout = std::chrono::milliseconds(
      env_integer("LINKSTREAM_WEBHOOK_TIMEOUT_MS", c.attempt_timeout.count(), 100, 600000));
  c.retry_base = std::chrono::milliseconds(
      env_integer("LINKSTREAM_WEBHOOK_RETRY_BASE_MS", c.retry_base.count(), 10, 3600000));
  c.retry_max = std::chrono::milliseconds(env_integer(
      "LINKSTREAM_WEBHOOK_RETRY_MAX_MS", c.retry_max.count(), c.retry_base.count(), 86400000));
  c.give_up_after = std::chrono::seconds(
      env_integer("LINKSTREAM_WEBHOOK_GIVE_UP_AFTER_S", c.give_up_after.count(), 1, 30LL * 86400));
  c.senders = static_cast<int>(env_integer("LINKSTREAM_WEBHOOK_SENDERS", c.senders, 1, 256));
  c.fetch_wait = std::chrono::milliseconds(
      env_integer("LINKSTREAM_DELIVERER_FETCH_WAIT_MS", c.fetch_wait.count(), 0, 10'000));
  c.metrics_address = env_string("LINKSTREAM_DELIVERER_METRICS_ADDRESS", c.metrics_address);
  return c;
}

std::string Config::describe() const {
  return "environment=" + environment + " kafka=" + kafka_brokers +
         " postgres=" + platform::mask_password(pg_uri) +
         " webhook_key=" + (webhook_key == Config{}.webhook_key ? "default" : "***") +
         " allowed_private=" + (allowed_private.empty() ? "none" : allowed_private) +
         " timeout_ms=" + std::to_string(attempt_timeout.count()) +
         " retry_base_ms=" + std::to_string(retry_base.count()) +
         " retry_max_ms=" + std::to_string(retry_max.count()) +
         " give_up_after_s=" + std::to_string(give_up_after.count()) +
         " senders=" + std::to_string(senders) +
         " fetch_wait_ms=" + std::to_string(fetch_wait.count()) + " metrics=" + metrics_address;
}

}  // namespace linkstream::deliverer
