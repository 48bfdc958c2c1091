#include "projector.h"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "batch_writer.h"
#include "linkstream/eventlog/log_reader.h"
#include "offset_store.h"
#include "projection.h"
#include "projection_lock.h"
#include "row_writer.h"

namespace linkstream::projector {

namespace {

// A rebuild's swap or a replay's rewind moves the stored offsets under a session: it must
// start again from what is stored rather than write over it.
void throw_if_moved(pqxx::transaction_base& tx, const Projection& projection) {
  if (load_offsets(tx) != projection.offsets()) throw OffsetsMoved();
}

}  // namespace

Projector::Projector(Config config, eventlog::LogWriter& dead_letter_writer,
                     ProjectorMetrics& metrics)
    : config_(std::move(config)), dead_letters_(dead_letter_writer), metrics_(metrics) {}

void Projector::run() {
  auto backoff = std::chrono::milliseconds(250);
  auto last_standby_log = std::chrono::steady_clock::time_point{};
  while (!stopping_) {
    std::string cause, what;
    try {
      session();
      backoff = std::chrono::milliseconds(250);
      continue;
    } catch (const OffsetsMoved& e) {
      spdlog::info("{}: starting a new session from the stored offsets", e.what());
      continue;
    } catch (const StandingBy& e) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_standby_log > std::chrono::seconds(30)) {
        spdlog::warn("{} (it holds the live projector lock): standing by", e.what());
        last_standby_log = now;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      continue;
    } catch (const pqxx::failure& e) {
      cause = "database";
      what = e.what();
    } catch (const eventlog::KafkaSetupError& e) {
      cause = "log";
      what = e.what();
    } catch (const std::exception& e) {
      cause = "other";
      what = e.what();
    }
    metrics_.session_failed(cause);
    spdlog::error("session ended ({}): {}; starting again from the offsets in PostgreSQL in {} ms",
                  cause, what, backoff.count());
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
  }
}

std::vector<eventlog::LogMessage> Projector::gather_batch(eventlog::LogReader& reader) const {
  auto batch = reader.poll(config_.max_batch, config_.poll_wait);
  const auto deadline = std::chrono::steady_clock::now() + config_.batch_linger;
  while (!batch.empty() && batch.size() < config_.max_batch) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    auto more = reader.poll(config_.max_batch - batch.size(), left);
    if (more.empty()) break;
    batch.insert(batch.end(), std::make_move_iterator(more.begin()),
                 std::make_move_iterator(more.end()));
  }
  return batch;
}

void Projector::session() {
  pqxx::connection connection(config_.pg_uri);
  if (!try_live_projector_lock(connection)) throw StandingBy();
  RowWriter::prepare(connection);
  Projection projection(load_offsets(connection), &dead_letters_);

  eventlog::LogReader reader({.brokers = config_.kafka_brokers,
                              .client_id = "linkstream-projector",
                              .extra = eventlog::batched_fetch(config_.fetch_wait)});
  const auto partitions = all_partitions(reader);
  reader.assign(projection.start_positions(partitions));
  for (const auto& key : partitions) {
    metrics_.committed(key.first, key.second, offset_of(projection.offsets(), key));
  }
  spdlog::info("session started; {} partitions with stored offsets", projection.offsets().size());

  // This thread reads and folds; the writer writes the batch before, on the connection
  // that is now its own. Declared after what its callbacks use, so it stops first.
  BatchWriter writer(
      [&](FoldedBatch& batch) {
        const auto batch_started = std::chrono::steady_clock::now();
        pqxx::work tx(connection);
        hold_batch_lock(tx);
        throw_if_moved(tx, projection);
        const auto outcome = projection.write(batch, tx);
        tx.commit();
        projection.committed(outcome.advanced);
        for (const auto& [key, next] : outcome.advanced)
          metrics_.committed(key.first, key.second, next);
        metrics_.applied(static_cast<double>(outcome.written));
        metrics_.voided(static_cast<double>(outcome.voided));
        for (const auto& reason : outcome.dead_letter_reasons) metrics_.dead_lettered(reason);
        metrics_.batch(
            static_cast<double>(outcome.events()),
            std::chrono::duration<double>(std::chrono::steady_clock::now() - batch_started)
                .count());
      },
      // An idle session looks for a replay's rewind too, or it would wait for new events.
      [&] {
        pqxx::read_transaction check(connection);
        throw_if_moved(check, projection);
      },
      std::chrono::seconds(1));

  while (!stopping_) {
    writer.rethrow_if_failed();
    auto batch = gather_batch(reader);
    if (batch.empty()) continue;
    auto folded = projection.fold(batch);
    if (folded.empty()) continue;  // a replayed stretch of an entity topic
    writer.push(std::move(folded));
  }
  writer.finish();
}

std::vector<PartitionKey> all_partitions(eventlog::LogReader& reader) {
  std::vector<PartitionKey> partitions;
  for (schema::Topic topic : schema::kAllTopics) {
    const auto count = reader.partition_count(topic, std::chrono::seconds(10));
    for (std::int32_t p = 0; p < count; ++p) partitions.emplace_back(topic, p);
  }
  return partitions;
}

}  // namespace linkstream::projector
