#pragma once
// GET /events: the events table in PostgreSQL, filtered and paged, as the contract's JSON.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "http/pagination.h"
#include "read_model/read_pool.h"

namespace linkstream::api {

struct EventFilter {
  std::optional<std::int64_t> url_id;
  std::optional<std::int64_t> user_id;
  std::optional<std::string> event_type;
  PageRequest page;
};

struct ListingResult {
  bool ok = false;
  std::string json;   // a JSON array, when ok
  std::string error;  // when !ok
};

class EventListing {
 public:
  explicit EventListing(ReadPool& pool);

  // Ascending id. `done` runs on a pool thread.
  void list(EventFilter filter, std::function<void(ListingResult)> done);

 private:
  ReadPool& pool_;
};

}  // namespace linkstream::api
