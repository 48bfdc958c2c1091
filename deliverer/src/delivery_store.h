#pragma once
// linkstream_deliverer's tables (migrations/005): the deliverer's offsets and the outbox
// of deliveries it owes. One DeliveryStore per thread (it holds one connection).
//
// The intake writes a batch's deliveries and the offsets after the batch in one
// transaction, so an event is matched exactly once however the deliverer stops; a
// delivery's id (derived from the webhook and the event's own id) makes a second match of
// the same event (a click shipped twice) no second delivery.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "linkstream/schema/topics.h"

namespace linkstream::deliverer {

using PartitionKey = std::pair<schema::Topic, std::int32_t>;
using Offsets = std::map<PartitionKey, std::int64_t>;  // the next offset to read

struct OwedDelivery {
  std::string delivery_id;
  std::string webhook_id;
  std::string event_id;
  std::string target_url;
  std::string event_type;
  std::string body;
};

// The oldest pending delivery of a webhook: the one its endpoint is sent next.
struct HeadDelivery {
  std::string delivery_id;
  std::string webhook_id;
  std::string target_url;
  std::string event_type;
  std::string body;
  int attempts = 0;                      // failed so far
  std::chrono::milliseconds owed_for{};  // since it was owed (or resent)
  std::chrono::milliseconds due_in{};    // <= 0: due now
};

class DeliveryStore {
 public:
  // Throws pqxx::broken_connection when PostgreSQL cannot be reached.
  explicit DeliveryStore(const std::string& pg_uri);

  Offsets offsets();

  // Within `tx`: what a batch owes and the offsets after it.
  static void owe(pqxx::work& tx, const OwedDelivery& delivery);
  static void save_offsets(pqxx::work& tx, const Offsets& advanced);
  // A webhook was deleted: what it was still owed is dropped.
  static void drop_pending(pqxx::work& tx, const std::string& webhook_id);
  // A dead delivery is owed again from now (attempts start over); others are left alone.
  static void resend(pqxx::work& tx, const std::string& webhook_id, const std::string& delivery_id);

  // Each webhook's oldest pending delivery.
  std::vector<HeadDelivery> heads();
  void delivered(const std::string& delivery_id, int attempts, long status);
  void failed(const std::string& delivery_id, int attempts, std::chrono::milliseconds retry_in,
              long status, const std::string& error);
  void dead(const std::string& delivery_id, int attempts, long status, const std::string& error);

  pqxx::connection& connection() { return connection_; }

 private:
  pqxx::connection connection_;
};

}  // namespace linkstream::deliverer
