#include "read_model/webhook_listing.h"

namespace linkstream::api {

namespace {

// A webhook as the contract shows it, built by PostgreSQL.
constexpr const char* kWebhookJson = R"sql(
    json_build_object('id', webhook_id, 'url', target_url, 'event_types', event_types,
                      'url_id', url_id,
                      'created_at', to_char(registered_at, 'YYYY-MM-DD"T"HH24:MI:SS')))sql";

std::string no_such_webhook(const std::string& id) {
  return "webhook " + id + " does not exist";
}

}  // namespace

WebhookListing::WebhookListing(ReadPool& pool, ProjectionProgress& progress,
                               std::chrono::milliseconds freshness_budget)
    : reads_(pool, progress, freshness_budget) {}

void WebhookListing::list(PageRequest page, std::function<void(ListingResult)> done) {
  reads_.run(
      [page](pqxx::connection& connection) -> ReadAnswer {
        pqxx::read_transaction tx(connection);
        return {tx.exec_params1(std::string(R"sql(
            SELECT coalesce(json_agg(w ORDER BY n), '[]'::json)::text FROM (
              SELECT row_number() OVER (ORDER BY registered_at, webhook_id) AS n, )sql") +
                                    kWebhookJson + R"sql( AS w
              FROM webhooks WHERE deleted_at IS NULL
              ORDER BY registered_at, webhook_id LIMIT $1 OFFSET $2) page)sql",
                                page.limit, page.offset)[0]
                    .as<std::string>(),
                std::nullopt};
      },
      std::move(done));
}

void WebhookListing::find(std::string webhook_id, std::function<void(ListingResult)> done) {
  reads_.run(
      [webhook_id](pqxx::connection& connection) -> ReadAnswer {
        pqxx::read_transaction tx(connection);
        const auto rows = tx.exec_params(std::string("SELECT ") + kWebhookJson + R"sql(::text
            FROM webhooks WHERE webhook_id = $1::uuid AND deleted_at IS NULL)sql",
                                         webhook_id);
        if (rows.empty()) return {{}, no_such_webhook(webhook_id)};
        return {rows[0][0].as<std::string>(), std::nullopt};
      },
      std::move(done));
}

void WebhookListing::deliveries(std::string webhook_id, std::optional<std::string> state,
                                PageRequest page, std::function<void(ListingResult)> done) {
  reads_.run(
      [webhook_id, state, page](pqxx::connection& connection) -> ReadAnswer {
        pqxx::read_transaction tx(connection);
        if (tx.exec_params("SELECT 1 FROM webhooks WHERE webhook_id = $1::uuid", webhook_id)
                .empty()) {
          return {{}, no_such_webhook(webhook_id)};
        }
        return {tx.exec_params1(R"sql(
            SELECT coalesce(json_agg(d ORDER BY seq), '[]'::json)::text FROM (
              SELECT seq, delivery_id, event_id, event_type, state, attempts,
                     to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS created_at,
                     to_char(next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS next_attempt_at,
                     last_status, last_error,
                     to_char(delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS delivered_at,
                     to_char(dead_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS dead_at
              FROM linkstream_deliverer.deliveries
              WHERE webhook_id = $1::uuid AND ($2::text IS NULL OR state = $2)
              ORDER BY seq LIMIT $3 OFFSET $4) d)sql",
                                webhook_id, state, page.limit, page.offset)[0]
                    .as<std::string>(),
                std::nullopt};
      },
      std::move(done));
}

void WebhookListing::delivery_state(std::string webhook_id, std::string delivery_id,
                                    std::function<void(ListingResult)> done) {
  reads_.run(
      [webhook_id, delivery_id](pqxx::connection& connection) -> ReadAnswer {
        pqxx::read_transaction tx(connection);
        const auto rows = tx.exec_params(R"sql(
            SELECT state FROM linkstream_deliverer.deliveries
            WHERE webhook_id = $1::uuid AND delivery_id = $2::uuid)sql",
                                         webhook_id, delivery_id);
        if (rows.empty()) {
          return {{}, "webhook " + webhook_id + " has no delivery " + delivery_id};
        }
        return {rows[0][0].as<std::string>(), std::nullopt};
      },
      std::move(done));
}

}  // namespace linkstream::api
