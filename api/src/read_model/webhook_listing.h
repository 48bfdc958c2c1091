#pragma once
// GET /webhooks, GET /webhooks/{id} and a webhook's deliveries, from PostgreSQL: the
// `webhooks` read table (the projector's, from linkstream.webhooks), read after this
// replica's own writes like every listing (fresh_read.h), and linkstream-deliverer's
// `linkstream_deliverer.deliveries` (migrations/005), which is as current as the deliverer.
// Thread-safe; `done` runs on a pool thread.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "http/pagination.h"
#include "read_model/fresh_read.h"

namespace linkstream::api {

class WebhookListing {
 public:
  WebhookListing(ReadPool& pool, ProjectionProgress& progress,
                 std::chrono::milliseconds freshness_budget);

  // A JSON array of the webhooks not deleted, oldest first: [{"id", "url", "event_types",
  // "url_id", "created_at"}].
  void list(PageRequest page, std::function<void(ListingResult)> done);
  // One of them; not found when it does not exist or was deleted.
  void find(std::string webhook_id, std::function<void(ListingResult)> done);
  // A JSON array of the webhook's deliveries in the order they are sent, in one `state`
  // (pending, delivered, dead, dropped) or all: [{"delivery_id", "event_id", "event_type",
  // "state", "attempts", "created_at", "next_attempt_at", "last_status", "last_error",
  // "delivered_at", "dead_at"}]. Not found when the webhook never existed.
  void deliveries(std::string webhook_id, std::optional<std::string> state, PageRequest page,
                  std::function<void(ListingResult)> done);
  // The state of one delivery of the webhook, as the answer's json (no quotes); not found
  // when there is no such delivery.
  void delivery_state(std::string webhook_id, std::string delivery_id,
                      std::function<void(ListingResult)> done);

 private:
  FreshRead reads_;
};

}  // namespace linkstream::api
