#include "delivery_store.h"

namespace linkstream::deliverer {

namespace {

std::optional<long> status_or_null(long status) {
  return status > 0 ? std::optional<long>(status) : std::nullopt;
}

}  // namespace

DeliveryStore::DeliveryStore(const std::string& pg_uri) : connection_(pg_uri) {
  connection_.prepare("owe", R"(
      INSERT INTO linkstream_deliverer.deliveries
        (delivery_id, webhook_id, event_id, target_url, event_type, body)
      VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (delivery_id) DO NOTHING)");
  connection_.prepare("save_offset", R"(
      INSERT INTO linkstream_deliverer.offsets (topic, "partition", next_offset) VALUES ($1, $2, $3)
      ON CONFLICT (topic, "partition") DO UPDATE SET next_offset = EXCLUDED.next_offset)");
  connection_.prepare("drop_pending", R"(
      UPDATE linkstream_deliverer.deliveries SET state = 'dropped'
      WHERE webhook_id = $1 AND state = 'pending')");
  connection_.prepare("resend", R"(
      UPDATE linkstream_deliverer.deliveries
      SET state = 'pending', attempts = 0, created_at = now(), next_attempt_at = now(),
          dead_at = NULL
      WHERE webhook_id = $1 AND delivery_id = $2 AND state = 'dead')");
  connection_.prepare("delivered", R"(
      UPDATE linkstream_deliverer.deliveries
      SET state = 'delivered', attempts = $2, last_status = $3, last_error = NULL,
          delivered_at = now()
      WHERE delivery_id = $1 AND state = 'pending')");
  connection_.prepare("failed", R"(
      UPDATE linkstream_deliverer.deliveries
      SET attempts = $2, next_attempt_at = now() + $3 * interval '1 millisecond',
          last_status = $4, last_error = $5
      WHERE delivery_id = $1 AND state = 'pending')");
  connection_.prepare("dead", R"(
      UPDATE linkstream_deliverer.deliveries
      SET state = 'dead', attempts = $2, last_status = $3, last_error = $4, dead_at = now()
      WHERE delivery_id = $1 AND state = 'pending')");
  // The head of each webhook's line, with how long it has been owed and when it is due.
  connection_.prepare("heads", R"(
      SELECT DISTINCT ON (webhook_id) delivery_id, webhook_id, target_url, event_type, body,
             attempts,
             (extract(epoch FROM now() - created_at) * 1000)::bigint AS owed_ms,
             (extract(epoch FROM next_attempt_at - now()) * 1000)::bigint AS due_ms
      FROM linkstream_deliverer.deliveries WHERE state = 'pending'
      ORDER BY webhook_id, seq)");
}

Offsets DeliveryStore::offsets() {
  Offsets offsets;
  pqxx::read_transaction tx(connection_);
  for (const auto& row :
       tx.exec("SELECT topic, \"partition\", next_offset FROM linkstream_deliverer.offsets")) {
    if (auto topic = schema::topic_from_name(row[0].as<std::string>())) {
      offsets[{*topic, row[1].as<std::int32_t>()}] = row[2].as<std::int64_t>();
    }
  }
  return offsets;
}

void DeliveryStore::owe(pqxx::work& tx, const OwedDelivery& d) {
  tx.exec_prepared("owe", d.delivery_id, d.webhook_id, d.event_id, d.target_url, d.event_type,
                   d.body);
}

void DeliveryStore::save_offsets(pqxx::work& tx, const Offsets& advanced) {
  for (const auto& [key, next] : advanced) {
    tx.exec_prepared("save_offset", std::string(schema::topic_name(key.first)), key.second, next);
  }
}

void DeliveryStore::drop_pending(pqxx::work& tx, const std::string& webhook_id) {
  tx.exec_prepared("drop_pending", webhook_id);
}

void DeliveryStore::resend(pqxx::work& tx, const std::string& webhook_id,
                           const std::string& delivery_id) {
  tx.exec_prepared("resend", webhook_id, delivery_id);
}

std::vector<HeadDelivery> DeliveryStore::heads() {
  std::vector<HeadDelivery> heads;
  pqxx::read_transaction tx(connection_);
  for (const auto& row : tx.exec_prepared("heads")) {
    heads.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                     row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<int>(),
                     std::chrono::milliseconds(row[6].as<std::int64_t>()),
                     std::chrono::milliseconds(row[7].as<std::int64_t>())});
  }
  return heads;
}

void DeliveryStore::delivered(const std::string& delivery_id, int attempts, long status) {
  pqxx::work tx(connection_);
  tx.exec_prepared("delivered", delivery_id, attempts, status);
  tx.commit();
}

void DeliveryStore::failed(const std::string& delivery_id, int attempts,
                           std::chrono::milliseconds retry_in, long status,
                           const std::string& error) {
  pqxx::work tx(connection_);
  tx.exec_prepared("failed", delivery_id, attempts, static_cast<std::int64_t>(retry_in.count()),
                   status_or_null(status), error);
  tx.commit();
}

void DeliveryStore::dead(const std::string& delivery_id, int attempts, long status,
                         const std::string& error) {
  pqxx::work tx(connection_);
  tx.exec_prepared("dead", delivery_id, attempts, status_or_null(status), error);
  tx.commit();
}

}  // namespace linkstream::deliverer
