#include "config.h"

#include <algorithm>
#include <thread>

#include "domain/url_policy.h"
#include "http/client_address.h"
#include "linkstream/platform/environment.h"

namespace linkstream::api {

using platform::env_integer;
using platform::env_string;

namespace {

// What a local stack may run with and a production one may not.
void refuse_unsafe_defaults(const Config& c) {
  constexpr std::size_t kMinimumSecret = 16;
  constexpr const char* kLocal = " (LINKSTREAM_ENVIRONMENT=local allows it on a local stack)";
  if (c.visitor_salt == Config{}.visitor_salt || c.visitor_salt.size() < kMinimumSecret) {
    throw platform::SettingError(
        std::string("LINKSTREAM_VISITOR_SALT is the built-in default or under 16 bytes: in "
                    "production every replica needs the same secret salt of 16 bytes or more") +
        kLocal);
  }
  if (c.webhook_key == Config{}.webhook_key || c.webhook_key.size() < kMinimumSecret) {
    throw platform::SettingError(
        std::string("LINKSTREAM_WEBHOOK_KEY is the built-in default or under 16 bytes: in "
                    "production anyone who knows it can sign as any webhook") +
        kLocal);
  }
  if (!c.admin_token.empty() && c.admin_token.size() < kMinimumSecret) {
    throw platform::SettingError(
        std::string("LINKSTREAM_ADMIN_TOKEN is under 16 bytes: in production a token that short "
                    "can be guessed") +
        kLocal);
  }
  if (c.chaos_enabled) {
    throw platform::SettingError(
        std::string("LINKSTREAM_CHAOS_ENABLED lets the admin token crash the process: refused "
                    "in production") +
        kLocal);
  }
}

}  // namespace

Config Config::from_environment() {
  Config c;
  c.kafka_brokers = env_string("LINKSTREAM_KAFKA_BROKERS", c.kafka_brokers);
  c.pg_uri = env_string("LINKSTREAM_PG_URI", c.pg_uri);
  c.http_bind = env_string("LINKSTREAM_HTTP_BIND", c.http_bind);
  c.http_port =
      static_cast<std::uint16_t>(env_integer("LINKSTREAM_HTTP_PORT", c.http_port, 1, 65535));
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  c.http_threads = static_cast<int>(env_integer("LINKSTREAM_HTTP_THREADS", cores + 1, 1, 64));
  c.max_body_bytes = static_cast<std::size_t>(env_integer(
      "LINKSTREAM_MAX_BODY_BYTES", static_cast<std::int64_t>(c.max_body_bytes), 1024, 1 << 30));
  c.write_timeout = std::chrono::milliseconds(
      env_integer("LINKSTREAM_WRITE_TIMEOUT_MS", c.write_timeout.count(), 100, 600000));
  c.read_pool_size =
      static_cast<int>(env_integer("LINKSTREAM_READ_POOL_SIZE", c.read_pool_size, 1, 64));
  c.stream_readers =
      static_cast<int>(env_integer("LINKSTREAM_STREAM_READERS", c.stream_readers, 1, 64));
  c.max_upload_bytes = static_cast<std::size_t>(
      env_integer("LINKSTREAM_MAX_UPLOAD_BYTES", static_cast<std::int64_t>(c.max_upload_bytes),
                  1024, 1LL << 32));
  c.freshness_budget = std::chrono::milliseconds(
      env_integer("LINKSTREAM_FRESHNESS_BUDGET_MS", c.freshness_budget.count(), 0, 60000));
  c.visitor_salt = env_string("LINKSTREAM_VISITOR_SALT", c.visitor_salt);
  c.admin_token = env_string("LINKSTREAM_ADMIN_TOKEN", "");
  c.chaos_enabled = platform::env_flag("LINKSTREAM_CHAOS_ENABLED", false);
  c.replica_id = env_string("LINKSTREAM_REPLICA_ID", "api-" + std::to_string(c.http_port));
  c.spool_dir = env_string("LINKSTREAM_SPOOL_DIR",
                           env_string("LINKSTREAM_STATE_DIR", ".") + "/spool/" + c.replica_id);
  c.relay_linger = std::chrono::milliseconds(
      env_integer("LINKSTREAM_RELAY_LINGER_MS", c.relay_linger.count(), 0, 1000));
  c.access_log = env_string("LINKSTREAM_ACCESS_LOG", c.access_log);
  if (c.access_log != "all" && c.access_log != "errors" && c.access_log != "off") {
    throw platform::SettingError("LINKSTREAM_ACCESS_LOG must be all, errors or off, not '" +
                                 c.access_log + "'");
  }
  c.access_log_redirect_sample = static_cast<int>(env_integer(
      "LINKSTREAM_ACCESS_LOG_REDIRECT_SAMPLE", c.access_log_redirect_sample, 1, 1000000));
  c.snapshot_file =
      env_string("LINKSTREAM_SNAPSHOT_FILE", env_string("LINKSTREAM_STATE_DIR", ".") +
                                                 "/snapshots/" + c.replica_id + ".snapshot");
  c.snapshot_interval = std::chrono::seconds(
      env_integer("LINKSTREAM_SNAPSHOT_INTERVAL_S", c.snapshot_interval.count(), 0, 86400));
  c.shutdown_grace = std::chrono::milliseconds(
      env_integer("LINKSTREAM_SHUTDOWN_GRACE_MS", c.shutdown_grace.count(), 0, 600000));
  c.snapshot_write_mib_per_s = static_cast<int>(
      env_integer("LINKSTREAM_SNAPSHOT_WRITE_MIB_S", c.snapshot_write_mib_per_s, 0, 100000));
  c.trusted_proxies = env_string("LINKSTREAM_TRUSTED_PROXIES", "");
  try {
    TrustedProxies{c.trusted_proxies};
  } catch (const std::invalid_argument& e) {
    throw platform::SettingError(std::string("LINKSTREAM_TRUSTED_PROXIES: ") + e.what());
  }
  c.write_rate_per_s =
      static_cast<int>(env_integer("LINKSTREAM_WRITE_RATE_PER_S", c.write_rate_per_s, 0, 1000000));
  c.write_burst =
      static_cast<int>(env_integer("LINKSTREAM_WRITE_BURST", c.write_burst, 1, 10000000));
  c.unknown_code_rate_per_s = static_cast<int>(
      env_integer("LINKSTREAM_UNKNOWN_CODE_RATE_PER_S", c.unknown_code_rate_per_s, 0, 1000000));
  c.unknown_code_burst = static_cast<int>(
      env_integer("LINKSTREAM_UNKNOWN_CODE_BURST", c.unknown_code_burst, 1, 10000000));
  c.http_idle_timeout_ms = static_cast<int>(
      env_integer("LINKSTREAM_HTTP_IDLE_TIMEOUT_MS", c.http_idle_timeout_ms, 0, 86400000));
  c.http_header_timeout_ms = static_cast<int>(
      env_integer("LINKSTREAM_HTTP_HEADER_TIMEOUT_MS", c.http_header_timeout_ms, 0, 3600000));
  c.http_body_timeout_ms = static_cast<int>(
      env_integer("LINKSTREAM_HTTP_BODY_TIMEOUT_MS", c.http_body_timeout_ms, 0, 3600000));
  c.http_max_connections_per_address =
      static_cast<int>(env_integer("LINKSTREAM_HTTP_MAX_CONNECTIONS_PER_ADDRESS",
                                   c.http_max_connections_per_address, 0, 1000000));
  c.http_max_connections = static_cast<int>(
      env_integer("LINKSTREAM_HTTP_MAX_CONNECTIONS", c.http_max_connections, 0, 10000000));
  c.url_allowed_private = env_string("LINKSTREAM_URL_ALLOWED_PRIVATE", "");
  c.url_blocked_domains = env_string("LINKSTREAM_URL_BLOCKED_DOMAINS", "");
  try {
    UrlPolicy{c.url_allowed_private, ""};
  } catch (const std::invalid_argument& e) {
    throw platform::SettingError(std::string("LINKSTREAM_URL_ALLOWED_PRIVATE: ") + e.what());
  }
  try {
    UrlPolicy{"", c.url_blocked_domains};
  } catch (const std::invalid_argument& e) {
    throw platform::SettingError(std::string("LINKSTREAM_URL_BLOCKED_DOMAINS: ") + e.what());
  }
  c.webhook_key = env_string("LINKSTREAM_WEBHOOK_KEY", c.webhook_key);
  c.webhook_allowed_private = env_string("LINKSTREAM_WEBHOOK_ALLOWED_PRIVATE", "");
  try {
    UrlPolicy{c.webhook_allowed_private, ""};
  } catch (const std::invalid_argument& e) {
    throw platform::SettingError(std::string("LINKSTREAM_WEBHOOK_ALLOWED_PRIVATE: ") + e.what());
  }
  c.ops_details = env_string("LINKSTREAM_OPS_DETAILS", c.ops_details);
  c.environment = env_string("LINKSTREAM_ENVIRONMENT", c.environment);
  if (c.environment != "production" && c.environment != "local") {
    throw platform::SettingError("LINKSTREAM_ENVIRONMENT must be production or local, not '" +
                                 c.environment + "'");
  }
  if (c.environment == "production") refuse_unsafe_defaults(c);
  if (c.ops_details != "open" && c.ops_details != "token") {
    throw platform::SettingError("LINKSTREAM_OPS_DETAILS must be open or token, not '" +
                                 c.ops_details + "'");
  }
  return c;
}

std::string Config::describe() const {
  return "environment=" + environment + " replica=" + replica_id + " http=" + http_bind + ":" +
         std::to_string(http_port) + " threads=" + std::to_string(http_threads) +
         " kafka=" + kafka_brokers + " postgres=" + platform::mask_password(pg_uri) +
         " max_body_bytes=" + std::to_string(max_body_bytes) +
         " write_timeout_ms=" + std::to_string(write_timeout.count()) +
         " shutdown_grace_ms=" + std::to_string(shutdown_grace.count()) +
         " read_pool=" + std::to_string(read_pool_size) +
         " stream_readers=" + std::to_string(stream_readers) +
         " max_upload_bytes=" + std::to_string(max_upload_bytes) +
         " freshness_budget_ms=" + std::to_string(freshness_budget.count()) +
         " visitor_salt=" + (visitor_salt == "linkstream" ? "default" : "***") +
         " webhook_key=" + (webhook_key == Config{}.webhook_key ? "default" : "***") +
         " webhook_allowed_private=" +
         (webhook_allowed_private.empty() ? "none" : webhook_allowed_private) +
         " admin=" + (admin_token.empty() ? "disabled" : "token ***") +
         " chaos=" + (chaos_enabled ? "enabled" : "disabled") + " spool=" + spool_dir +
         " snapshot=" + (snapshot_file.empty() ? "disabled" : snapshot_file) +
         " snapshot_interval_s=" + std::to_string(snapshot_interval.count()) +
         " snapshot_write_mib_s=" + std::to_string(snapshot_write_mib_per_s) +
         " relay_linger_ms=" + std::to_string(relay_linger.count()) + " access_log=" + access_log +
         " access_log_redirect_sample=" + std::to_string(access_log_redirect_sample) +
         " trusted_proxies=" + (trusted_proxies.empty() ? "none" : trusted_proxies) +
         " write_limit=" + std::to_string(write_rate_per_s) + "/s,burst " +
         std::to_string(write_burst) +
         " unknown_code_limit=" + std::to_string(unknown_code_rate_per_s) + "/s,burst " +
         std::to_string(unknown_code_burst) + " ops_details=" + ops_details + " connections=idle " +
         std::to_string(http_idle_timeout_ms) + " ms,head " +
         std::to_string(http_header_timeout_ms) + " ms,body " +
         std::to_string(http_body_timeout_ms) + " ms,per address " +
         std::to_string(http_max_connections_per_address) + ",at most " +
         (http_max_connections > 0 ? std::to_string(http_max_connections) : "by fd limit");
}

}  // namespace linkstream::api
