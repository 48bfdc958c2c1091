#include "projector.h"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "linkstream/eventlog/log_reader.h"
#include "linkstream/schema/codec.h"
#include "linkstream/schema/fold.h"
#include "offset_store.h"
#include "row_writer.h"

namespace linkstream::projector {

using schema::Topic;

namespace {

bool is_entity_topic(Topic topic) {
  return topic == Topic::kUsers || topic == Topic::kUrls;
}

// The URL an update or delete is about, as it is before the event: a deleted URL's row
// still names its owner.
std::optional<schema::Url> url_touched_by(const schema::State& state, const schema::Event& event) {
  std::int64_t id = 0;
  if (const auto* update = std::get_if<schema::UrlUpdated>(&event.body)) id = update->url_id;
  if (const auto* deletion = std::get_if<schema::UrlDeleted>(&event.body)) id = deletion->url_id;
  if (const auto* url = id ? state.url(id) : nullptr) return *url;
  return std::nullopt;
}

}  // namespace

Projector::Projector(Config config, eventlog::LogWriter& dead_letter_writer,
                     ProjectorMetrics& metrics)
    : config_(std::move(config)), dead_letters_(dead_letter_writer), metrics_(metrics) {}

void Projector::run() {
  auto backoff = std::chrono::milliseconds(250);
  while (!stopping_) {
    try {
      session();
      backoff = std::chrono::milliseconds(250);
    } catch (const std::exception& e) {
      spdlog::error("session ended: {}; starting again from the offsets in PostgreSQL in {} ms",
                    e.what(), backoff.count());
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }
}

void Projector::session() {
  pqxx::connection connection(config_.pg_uri);
  RowWriter::prepare(connection);
  Offsets committed = load_offsets(connection);

  eventlog::LogReader reader(
      {.brokers = config_.kafka_brokers, .client_id = "linkstream-projector", .extra = {}});
  std::vector<eventlog::StartPosition> starts;
  for (Topic topic : schema::kAllTopics) {
    const auto partitions = reader.partition_count(topic, std::chrono::seconds(10));
    for (std::int32_t p = 0; p < partitions; ++p) {
      const auto stored = committed.count({topic, p}) ? committed[{topic, p}] : 0;
      starts.push_back({topic, p, is_entity_topic(topic) ? 0 : stored});
    }
  }
  reader.assign(starts);
  spdlog::info("session started; {} partitions, {} with stored offsets", starts.size(),
               committed.size());

  schema::State state;
  while (!stopping_) {
    auto batch = reader.poll(config_.max_batch, config_.poll_wait);
    if (batch.empty()) continue;

    const auto batch_started = std::chrono::steady_clock::now();
    Offsets advanced;
    std::size_t written = 0, voided = 0;
    std::vector<std::string> dead_lettered;  // reasons
    pqxx::work tx(connection);
    RowWriter rows(tx);
    for (const auto& message : batch) {
      const PartitionKey key{message.topic, message.partition};
      const std::int64_t stored = committed.count(key) ? committed[key] : 0;
      const bool already_written = message.offset < stored;
      const Position at{message.topic, message.partition, message.offset};

      auto decoded = schema::decode(message.payload);
      if (!decoded) {
        // A poison message: to the dead letters, and on with the events after it.
        if (!already_written) {
          const std::string reason(schema::describe(decoded.error));
          dead_letters_.send(message.topic, message.partition, message.offset, reason,
                             decoded.message, message.payload);
          rows.dead_letter(at, reason, decoded.message, message.payload.size());
          dead_lettered.push_back(reason);
        }
      } else {
        const auto& event = *decoded.event;
        const auto url_before = url_touched_by(state, event);
        const auto verdict = schema::fold(state, event);
        if (!already_written) {
          if (verdict.accepted()) {
            rows.accepted(event, state, url_before, at);
            ++written;
          } else {
            rows.voided(event, verdict.reason, message.payload, at);
            ++voided;
          }
        }
      }
      if (!already_written) advanced[key] = message.offset + 1;
    }
    if (advanced.empty()) continue;  // a replayed stretch of an entity topic
    save_offsets(tx, advanced);
    dead_letters_.confirm_all();  // the batch commits only once its dead letters are safe
    tx.commit();
    for (const auto& [key, next] : advanced) {
      committed[key] = next;
      metrics_.committed(key.first, key.second, next);
    }
    metrics_.applied(static_cast<double>(written));
    metrics_.voided(static_cast<double>(voided));
    for (const auto& reason : dead_lettered) metrics_.dead_lettered(reason);
    metrics_.batch(
        static_cast<double>(advanced.size() ? written + voided + dead_lettered.size() : 0),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - batch_started).count());
  }
}

}  // namespace linkstream::projector
