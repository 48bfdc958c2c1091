#pragma once
// What the deliverer owes, from the log: linkstream.webhooks folded from offset 0 (the
// registrations), and every event of the other topics matched against them once, each
// batch's deliveries written with the offsets after it in one transaction (the outbox that
// the dispatcher sends from). Runs on one thread.
//
// A registration and the events after it travel on different topics, so before a batch
// is matched the registrations are read up to their end: every webhook registered before
// the batch's events were appended is known; one registered after them is known too, and
// left out by time (a webhook is owed what occurs from the second it was registered on).
// Deletions and resend requests act once, when their offset is first read past the
// stored one. Offsets are saved with what the events owed, or every second when they owed
// nothing.

#include <atomic>
#include <functional>
#include <memory>

#include "config.h"
#include "deliverer_metrics.h"
#include "delivery_store.h"
#include "linkstream/eventlog/log_reader.h"
#include "subscriptions.h"

namespace linkstream::deliverer {

class Intake {
 public:
  // `owed`: called after each transaction that owed something (wakes the dispatcher).
  Intake(const Config& config, DelivererMetrics& metrics, std::function<void()> owed);

  // Until stop(): reads, matches, writes; after a failure (Kafka or PostgreSQL away) starts
  // again from the stored offsets after a pause.
  void run();
  void stop() { stopping_ = true; }

 private:
  void session();
  // Folds the registrations up to their end; a deletion or resend read for the first time
  // is written within `tx` (counted in `written`).
  void catch_up_registrations(pqxx::work& tx, Offsets& advanced, std::size_t& written);
  void match(const eventlog::LogMessage& message, pqxx::work& tx, Offsets& advanced,
             std::size_t& owed);

  const Config& config_;
  DelivererMetrics& metrics_;
  std::function<void()> owed_;
  std::atomic<bool> stopping_{false};
  // Per session.
  std::unique_ptr<eventlog::LogReader> events_;
  std::unique_ptr<eventlog::LogReader> registrations_;
  // Asks only for end offsets, never fetches: a reader with a fetch waiting on the broker
  // (up to fetch.wait.max.ms on an idle partition) gets its ListOffsets answer only after
  // that fetch returns, which made every intake round ~300 ms.
  std::unique_ptr<eventlog::LogReader> watermarks_;
  Subscriptions subscriptions_;
  Offsets stored_;              // what the tables held when the session began
  Offsets registrations_read_;  // the next offset of linkstream.webhooks this session folds
};

}  // namespace linkstream::deliverer
