#pragma once
// GET /events and GET /urls/{id}/stats: the events table in PostgreSQL, as the contract's
// JSON, read after the projector has this replica's own writes (read-your-writes), or
// marked stale when it could not catch up in time.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "http/pagination.h"
#include "read_model/fresh_read.h"

namespace linkstream::api {

struct EventFilter {
  std::optional<std::int64_t> url_id;
  std::optional<std::int64_t> user_id;
  std::optional<std::string> event_type;
  PageRequest page;
};

class EventListing {
 public:
  // `freshness_budget`: how long a read may wait for the projector (about 2 s).
  EventListing(ReadPool& pool, ProjectionProgress& progress,
               std::chrono::milliseconds freshness_budget);

  // A JSON array, ascending id. `done` runs on a pool thread.
  void list(EventFilter filter, std::function<void(ListingResult)> done);

  // {"url_id", "short_code", "total_clicks", "unique_visitors", "clicks_by_day": [{"date",
  // "clicks"}], "top_referrers": [{"referrer", "clicks"}]} for one URL.
  void stats(std::int64_t url_id, std::string short_code, std::function<void(ListingResult)> done);

 private:
  FreshRead reads_;
};

}  // namespace linkstream::api
