#include "projection.h"

#include "linkstream/schema/codec.h"
#include "linkstream/schema/fold.h"

namespace linkstream::projector {

using schema::Topic;

namespace {

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

bool is_entity_topic(Topic topic) {
  return topic == Topic::kUsers || topic == Topic::kUrls;
}

Projection::Projection(Offsets committed, DeadLetters* dead_letters)
    : written_before_(committed), committed_(std::move(committed)), dead_letters_(dead_letters) {}

std::vector<eventlog::StartPosition> Projection::start_positions(
    const std::vector<PartitionKey>& partitions) const {
  std::vector<eventlog::StartPosition> starts;
  for (const auto& key : partitions) {
    starts.push_back(
        {key.first, key.second, is_entity_topic(key.first) ? 0 : offset_of(committed_, key)});
  }
  return starts;
}

FoldedBatch Projection::fold(const std::vector<eventlog::LogMessage>& messages) {
  FoldedBatch batch;
  auto& outcome = batch.outcome;
  for (const auto& message : messages) {
    const PartitionKey key{message.topic, message.partition};
    // A session reads each offset once, so what it has not written was not written before.
    const bool already_written = message.offset < offset_of(written_before_, key);
    const Position at{message.topic, message.partition, message.offset};

    auto decoded = schema::decode(message.payload);
    if (!decoded) {
      // A poison message: to the dead letters, and on with the events after it.
      if (!already_written) {
        const std::string reason(schema::describe(decoded.error));
        batch.dead_letters.push_back({at, reason, decoded.message, message.payload});
        batch.rows.dead_letter(at, reason, decoded.message, message.payload.size());
        outcome.dead_letter_reasons.push_back(reason);
      }
    } else {
      const auto& event = *decoded.event;
      const auto url_before = url_touched_by(state_, event);
      const auto verdict = schema::fold(state_, event);
      if (!already_written) {
        if (verdict.accepted()) {
          batch.rows.accepted(event, state_, url_before, at);
          ++outcome.written;
        } else {
          batch.rows.voided(event, verdict.reason, message.payload, at);
          ++outcome.voided;
        }
      }
    }
    if (!already_written) outcome.advanced[key] = message.offset + 1;
  }
  return batch;
}

BatchOutcome Projection::write(FoldedBatch& batch, pqxx::work& tx) {
  if (batch.empty()) return batch.outcome;
  if (dead_letters_) {
    for (const auto& d : batch.dead_letters) {
      if (!has_dead_letter(tx, d.at)) {
        dead_letters_->send(d.at.topic, d.at.partition, d.at.offset, d.reason, d.message,
                            d.payload);
      }
    }
  }
  batch.rows.flush(tx);
  save_offsets(tx, batch.outcome.advanced);
  if (dead_letters_) dead_letters_->confirm_all();  // commit only once they are safe
  return batch.outcome;
}

BatchOutcome Projection::apply(const std::vector<eventlog::LogMessage>& messages, pqxx::work& tx) {
  auto batch = fold(messages);
  return write(batch, tx);
}

void Projection::committed(const Offsets& advanced) {
  for (const auto& [key, next] : advanced) committed_[key] = next;
}

}  // namespace linkstream::projector
