#pragma once
// Everything linkstream-api can be told, read once from the environment at start.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace linkstream::api {

struct Config {
  // Where the process runs: "production" (the default: unsafe defaults are refused, see
  // from_environment) or "local" (deploy/stack's stacks and the tests: a default salt and
  // POST /chaos are fine there).
  std::string environment = "production";        // LINKSTREAM_ENVIRONMENT
  std::string kafka_brokers = "127.0.0.1:9092";  // LINKSTREAM_KAFKA_BROKERS
  std::string pg_uri = "postgresql://linkstream@127.0.0.1:5432/linkstream";  // LINKSTREAM_PG_URI
  std::string http_bind = "127.0.0.1";                                       // LINKSTREAM_HTTP_BIND
  std::uint16_t http_port = 8080;                                            // LINKSTREAM_HTTP_PORT
  // Pistache workers; default one more than the machine's cores (on 2 cores, 3 workers
  // answered 12 % more redirects than 2: a worker preempted by the load generator, the
  // relay or librdkafka leaves another to serve; docs/performance.md).
  int http_threads = 0;                  // LINKSTREAM_HTTP_THREADS
  std::size_t max_body_bytes = 1 << 20;  // LINKSTREAM_MAX_BODY_BYTES: larger bodies get 413
  // How long a write waits for the log to confirm it before answering 503.
  std::chrono::milliseconds write_timeout{10000};  // LINKSTREAM_WRITE_TIMEOUT_MS
  // After SIGTERM: how long answers in flight may take before the server closes (http/drain.h).
  std::chrono::milliseconds shutdown_grace{15000};  // LINKSTREAM_SHUTDOWN_GRACE_MS
  int read_pool_size = 4;  // LINKSTREAM_READ_POOL_SIZE: PostgreSQL connections
  int stream_readers = 4;  // LINKSTREAM_STREAM_READERS: GET /events/stream reads served at once
  std::size_t max_upload_bytes = 64 << 20;  // LINKSTREAM_MAX_UPLOAD_BYTES: bulk import files
  // How long a listing waits for the projector to have this replica's writes.
  std::chrono::milliseconds freshness_budget{2000};  // LINKSTREAM_FRESHNESS_BUDGET_MS
  // Salt of the visitor hash (distinct visitors in stats): the same on every replica, secret.
  std::string visitor_salt = "linkstream";  // LINKSTREAM_VISITOR_SALT
  // Bearer token for GET /logs and POST /chaos; empty: those endpoints answer 403.
  std::string admin_token;     // LINKSTREAM_ADMIN_TOKEN
  bool chaos_enabled = false;  // LINKSTREAM_CHAOS_ENABLED: POST /chaos may crash the process
  std::string replica_id;      // LINKSTREAM_REPLICA_ID; default "api-<port>"
  // Where clicks are spooled before the 302 (one folder per replica).
  std::string spool_dir;  // LINKSTREAM_SPOOL_DIR; default $LINKSTREAM_STATE_DIR/spool/<replica>
  // How long the click relay's producer waits to fill a batch to Kafka. librdkafka sends
  // one request per partition, so clicks of many codes (spread over the partitions) cost
  // the broker a request per partition per linger: at 20 ms rather than 5 the broker spent
  // a third to a half less CPU a click beside the api (docs/performance.md).
  std::chrono::milliseconds relay_linger{20};  // LINKSTREAM_RELAY_LINGER_MS
  // Which requests get a JSON line in the log: "all", "errors" (5xx) or "off".
  std::string access_log = "all";  // LINKSTREAM_ACCESS_LOG
  // With "all", one successful redirect (302) in this many gets a line; 1: every one.
  int access_log_redirect_sample = 100;  // LINKSTREAM_ACCESS_LOG_REDIRECT_SAMPLE
  // The view's snapshot (see view/view_follower.h); an empty path: no snapshots.
  std::string snapshot_file;  // LINKSTREAM_SNAPSHOT_FILE; default $STATE_DIR/snapshots/<replica>
  std::chrono::seconds snapshot_interval{30};  // LINKSTREAM_SNAPSHOT_INTERVAL_S; 0: only at stop
  // How fast a snapshot written while serving goes to the disk; 0: unpaced.
  int snapshot_write_mib_per_s = 32;  // LINKSTREAM_SNAPSHOT_WRITE_MIB_S
  // Peers whose X-Forwarded-For names the client (nginx): comma-separated addresses and
  // CIDR blocks; empty: none, the peer is the client (http/client_address.h).
  std::string trusted_proxies;  // LINKSTREAM_TRUSTED_PROXIES
  // Token buckets per client address (http/rate_limiter.h); a rate of 0: no limit.
  // Writes: POST, PUT, PATCH and DELETE of any route.
  int write_rate_per_s = 200;  // LINKSTREAM_WRITE_RATE_PER_S
  int write_burst = 1000;      // LINKSTREAM_WRITE_BURST
  // Redirects of codes that do not exist: what walking the code space costs.
  int unknown_code_rate_per_s = 20;  // LINKSTREAM_UNKNOWN_CODE_RATE_PER_S
  int unknown_code_burst = 200;      // LINKSTREAM_UNKNOWN_CODE_BURST
  // Client connections (http/connection_table.h): how long one may sit idle between
  // requests, take to send a request's head, and its body (0: no limit); how many one
  // address may hold (trusted proxies are not capped; 0: no cap), and all clients together
  // (0: the process's descriptor limit less 256 kept for the log, PostgreSQL and files).
  // The idle timeout outlasts nginx's for its upstream connections (60 s), so that nginx
  // is the side that closes an idle one, never the side a close surprises mid-request.
  int http_idle_timeout_ms = 75000;            // LINKSTREAM_HTTP_IDLE_TIMEOUT_MS
  int http_header_timeout_ms = 10000;          // LINKSTREAM_HTTP_HEADER_TIMEOUT_MS
  int http_body_timeout_ms = 30000;            // LINKSTREAM_HTTP_BODY_TIMEOUT_MS
  int http_max_connections_per_address = 256;  // LINKSTREAM_HTTP_MAX_CONNECTIONS_PER_ADDRESS
  int http_max_connections = 0;                // LINKSTREAM_HTTP_MAX_CONNECTIONS
  // Short URLs' targets (domain/url_policy.h): addresses, CIDR blocks and host names that
  // may be targets although private (a private deployment's own network), and domains
  // refused with every name under them; comma-separated, empty: none.
  std::string url_allowed_private;  // LINKSTREAM_URL_ALLOWED_PRIVATE
  std::string url_blocked_domains;  // LINKSTREAM_URL_BLOCKED_DOMAINS
  // Webhooks (docs/webhooks.md): the deployment's key, from which each webhook's signing
  // secret is derived (the api shows it once, linkstream-deliverer signs with it: both need
  // the same key), and the private targets webhooks may have, as for short URLs (domains
  // blocked for short URLs are blocked for webhooks too).
  std::string webhook_key = "linkstream-webhooks";  // LINKSTREAM_WEBHOOK_KEY
  std::string webhook_allowed_private;              // LINKSTREAM_WEBHOOK_ALLOWED_PRIVATE
  // Who may read GET /metrics and the details of GET /health/ready: "open" (anyone who can
  // reach the port: the local stack, a private network) or "token" (the admin token;
  // without it /metrics is 401 and readiness says its status only).
  std::string ops_details = "open";  // LINKSTREAM_OPS_DETAILS

  // Throws platform::SettingError naming the variable that is wrong, and, in production,
  // one that is unsafe: the built-in visitor salt or webhook key, or one under 16 bytes (every
  // replica needs the same secret one, or visitors can be told apart by anyone who knows it), an
  // admin token under 16 bytes, or POST /chaos enabled.
  static Config from_environment();

  // One line for the log, with the database password masked.
  std::string describe() const;
};

}  // namespace linkstream::api
