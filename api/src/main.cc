// linkstream-api: the REST api. Writes go to the log; redirects and entity reads come from
// this replica's view of the log; listings come from PostgreSQL.

#include <pistache/endpoint.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <thread>

#include "config.h"
#include "domain/event_service.h"
#include "domain/redirect_service.h"
#include "domain/url_service.h"
#include "domain/user_service.h"
#include "handlers/routes.h"
#include "http/connection_reaper.h"
#include "http/descriptor_limit.h"
#include "http/http_handler.h"
#include "import/import_service.h"
#include "linkstream/eventlog/log_writer.h"
#include "linkstream/platform/environment.h"
#include "linkstream/platform/logging.h"
#include "linkstream/platform/process_metrics.h"
#include "linkstream/platform/termination.h"
#include "metrics/http_metrics.h"
#include "metrics/runtime_metrics.h"
#include "read_model/event_listing.h"
#include "read_model/projection_progress.h"
#include "read_model/read_pool.h"
#include "spool/click_relay.h"
#include "spool/click_spool.h"
#include "stream/event_stream.h"
#include "view/fold_barrier.h"
#include "view/snapshot_store.h"
#include "view/view.h"
#include "view/view_follower.h"

using namespace linkstream;

namespace {

// Polls `done` every 10 ms until it holds (true) or `limit` has passed (false).
template <typename Condition>
bool wait_until(Condition done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace

int main() {
  platform::block_termination_signals();
  platform::setup_logging("api");

  api::Config config;
  try {
    config = api::Config::from_environment();
  } catch (const platform::SettingError& e) {
    spdlog::critical("bad setting: {}", e.what());
    return 2;
  }
  spdlog::info("starting with {}", config.describe());

  try {
    api::View view;
    eventlog::LogWriter writer({.brokers = config.kafka_brokers,
                                .client_id = "linkstream-" + config.replica_id,
                                .delivery_timeout = config.write_timeout,
                                .extra = {},
                                .topics = {schema::Topic::kUsers, schema::Topic::kUrls,
                                           schema::Topic::kEvents, schema::Topic::kWebhooks}});
    std::optional<api::SnapshotStore> snapshots;
    if (!config.snapshot_file.empty()) snapshots.emplace(config.snapshot_file);
    api::ViewFollower follower(
        view, config.kafka_brokers, "linkstream-" + config.replica_id,
        snapshots ? &*snapshots : nullptr,
        {.interval = config.snapshot_interval,
         .write_bytes_per_second = static_cast<std::size_t>(config.snapshot_write_mib_per_s)
                                   << 20});
    follower.start();

    // Serve only once the view holds what the log held at start: a redirect answered
    // earlier could wrongly say 404.
    while (!view.caught_up()) {
      if (auto signal = platform::poll_termination(std::chrono::milliseconds(100))) {
        spdlog::info("signal {} before the view caught up; exiting", *signal);
        return 0;
      }
    }

    auto metrics = std::make_shared<api::HttpMetrics>();
    auto drain = std::make_shared<api::Drain>();
    // Clicks: spooled on disk before the 302, shipped by the relay through a producer of its
    // own whose deliveries may wait out a Kafka outage.
    api::ClickSpool spool({.directory = config.spool_dir});
    eventlog::LogWriter relay_writer(
        {.brokers = config.kafka_brokers,
         .client_id = "linkstream-" + config.replica_id + "-relay",
         .delivery_timeout = std::chrono::minutes(5),
         // Clicks may wait a few ms to travel in larger batches:
         // per request, not per byte, is what the broker pays.
         .extra = {{"linger.ms", std::to_string(config.relay_linger.count())}},
         .topics = {schema::Topic::kClicks}});
    api::ClickRelay relay(spool, relay_writer);
    relay.start();
    api::ReadPool read_pool(config.pg_uri, config.read_pool_size, 1000);
    api::ProjectionProgress progress(config.pg_uri, {&writer, &relay});
    progress.start();
    api::UserService users(view, writer, config.write_timeout);
    api::FoldBarrier barrier(view, config.kafka_brokers, "linkstream-" + config.replica_id);
    const api::UrlPolicy url_policy(config.url_allowed_private, config.url_blocked_domains);
    api::UrlService urls(view, writer, url_policy, config.write_timeout, &barrier);
    api::EventService events(view, writer);
    api::RedirectService redirects(view, spool, config.visitor_salt,
                                   [metrics] { metrics->count_click_not_recorded(); });
    api::ImportService imports(view, writer, url_policy, config.write_timeout);
    api::EventListing listings(read_pool, progress, config.freshness_budget);
    api::UrlHistory history(read_pool, progress, config.freshness_budget);
    const api::UrlPolicy webhook_targets(config.webhook_allowed_private,
                                         config.url_blocked_domains);
    api::WebhookListing webhook_listing(read_pool, progress, config.freshness_budget);
    api::WebhookService webhooks(view, writer, webhook_targets, config.webhook_key,
                                 webhook_listing);
    api::EventStream stream(
        {.brokers = config.kafka_brokers,
         .client_id = "linkstream-" + config.replica_id,
         .readers = config.stream_readers},
        [&view](std::int64_t url_id) {
          return view.read([url_id](const schema::State& state) -> std::optional<std::int64_t> {
            const auto* url = state.url(url_id);
            return url ? std::optional<std::int64_t>(url->user_id) : std::nullopt;
          });
        });
    metrics->add_collectable(platform::process_metrics());
    metrics->add_collectable(platform::build_info("api"));
    metrics->add_collectable(std::make_shared<api::RuntimeMetrics>(
        api::RuntimeSources{view, writer, relay_writer, spool, relay, read_pool}));

    auto trusted_proxies = std::make_shared<const api::TrustedProxies>(config.trusted_proxies);
    auto write_limiter = std::make_shared<api::RateLimiter>(api::RateLimit{
        static_cast<double>(config.write_rate_per_s), static_cast<double>(config.write_burst)});
    api::RateLimiter unknown_codes(
        api::RateLimit{static_cast<double>(config.unknown_code_rate_per_s),
                       static_cast<double>(config.unknown_code_burst)});
    auto connections = std::make_shared<api::ConnectionTable>(api::ConnectionLimits{
        .idle_timeout = std::chrono::milliseconds(config.http_idle_timeout_ms),
        .header_timeout = std::chrono::milliseconds(config.http_header_timeout_ms),
        .body_timeout = std::chrono::milliseconds(config.http_body_timeout_ms),
        .max_per_address = static_cast<std::size_t>(config.http_max_connections_per_address),
        .max_connections = config.http_max_connections > 0
                               ? static_cast<std::size_t>(config.http_max_connections)
                               : api::connections_the_descriptors_allow()});
    spdlog::info("keeping at most {} client connections", connections->limits().max_connections);
    api::ConnectionReaper reaper(connections, metrics);
    auto router = std::make_shared<api::Router>();
    api::add_all_routes(
        *router, api::Services{
                     config,        view,     users,    urls,     events,          redirects,
                     imports,       listings, history,  webhooks, webhook_listing, progress,
                     spool,         relay,    *metrics, *drain,   barrier,         *trusted_proxies,
                     unknown_codes, stream});

    Pistache::Http::Endpoint endpoint(
        Pistache::Address(config.http_bind, Pistache::Port(config.http_port)));
    // Pistache's own limit answers 413 in plain text before any handler runs, so it sits
    // far above ours (which answers 413 in JSON); only a body over 8 times our limit
    // meets Pistache's answer.
    endpoint.init(Pistache::Http::Endpoint::options()
                      .threads(config.http_threads)
                      .flags(Pistache::Tcp::Options::ReuseAddr)
                      .maxRequestSize(std::max(config.max_body_bytes * 8, config.max_upload_bytes) +
                                      64 * 1024));
    endpoint.setHandler(Pistache::Http::make_handler<api::HttpHandler>(
        router, metrics, drain, config.max_body_bytes,
        api::AccessLogPolicy{.mode = config.access_log == "all"      ? api::AccessLog::kAll
                                     : config.access_log == "errors" ? api::AccessLog::kErrors
                                                                     : api::AccessLog::kOff,
                             .redirect_sample = config.access_log_redirect_sample},
        trusted_proxies, write_limiter, connections));
    try {
      endpoint.serveThreaded();
    } catch (const std::exception& e) {
      // Pistache's threads are running by now, and unwinding waits on them for ever (seen:
      // a replica whose port was taken hung, and supervision took it for running). With
      // nothing served yet there is nothing to finish: say why and leave at once, so that
      // supervision starts it again. Spooled clicks are in the page cache, as after a crash.
      spdlog::critical("cannot serve on http://{}:{}: {}", config.http_bind, config.http_port,
                       e.what());
      spdlog::shutdown();
      std::_Exit(3);
    }
    spdlog::info("serving on http://{}:{}", config.http_bind, config.http_port);

    const int signal = platform::wait_for_termination();
    // Leaving in order: answer what is in flight, then stop what calls back into the
    // answers (the follower's folds, the writer's deliveries) while the server can still
    // send them, then close the server, then let the relay ship what is spooled.
    drain->start();
    stream.stop();  // long polls answer now with what they have
    spdlog::info("signal {}: draining {} requests in flight (at most {} ms)", signal,
                 metrics->in_flight(), config.shutdown_grace.count());
    if (!wait_until([&] { return metrics->in_flight() <= 0; }, config.shutdown_grace)) {
      spdlog::warn("closing with {} requests still in flight after {} ms", metrics->in_flight(),
                   config.shutdown_grace.count());
    }
    barrier.stop();
    follower.stop();
    const int unconfirmed = writer.flush(std::chrono::seconds(10));
    reaper.stop();
    endpoint.shutdown();
    const bool shipped = wait_until([&] { return relay.settled_up_to(relay.last_mark()); },
                                    std::chrono::seconds(10));
    spdlog::info("stopped ({} events unconfirmed; clicks {})", unconfirmed,
                 shipped ? "all shipped" : "partly left in the spool for the next start");
  } catch (const std::exception& e) {
    spdlog::critical("fatal: {}", e.what());
    return 1;
  }
  return 0;
}
