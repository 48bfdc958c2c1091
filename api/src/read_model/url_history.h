#pragma once
// GET /urls/{id}/history and GET /urls/{id}?as_of=: every state a URL has had, from
// url_versions (migrations/004), which the projector writes from the fold of
// linkstream.urls and nothing else (a rebuild from offset 0 gives the same rows). Read
// after the projector has this replica's own writes, as every read from PostgreSQL is
// (fresh_read.h). Thread-safe.
//
// Versions are numbered from 1 in log order. Version n is in effect from its valid_from
// until version n+1's (the times are the api's, to the second, and never go back between
// versions). A click counts for the version in effect at its time; clicks older than the
// first version (an imported URL's history) count for the first, so the versions' clicks
// add up to GET /urls/{id}/stats' total_clicks.

#include <chrono>
#include <cstdint>
#include <functional>

#include "http/pagination.h"
#include "linkstream/schema/timestamp.h"
#include "read_model/fresh_read.h"

namespace linkstream::api {

class UrlHistory {
 public:
  UrlHistory(ReadPool& pool, ProjectionProgress& progress,
             std::chrono::milliseconds freshness_budget);

  // {"url_id", "short_code", "total_versions", "versions": [{"version", "event": {"id",
  // "type", "topic", "partition", "offset"}, "valid_from", "valid_until" (null for the
  // latest), "changed": [field names], "deleted", "url": the URL as GET /urls/{id} answers
  // it (as it was when deleted, for a deletion), "clicks"}]}, `page` of the versions in
  // version order. Not found when the URL never existed. `done` runs on a pool thread.
  void versions(std::int64_t url_id, PageRequest page, std::function<void(ListingResult)> done);

  // The URL as GET /urls/{id} answered at `at`; not found when it did not exist yet then
  // or had been deleted (the message says which).
  void as_of(std::int64_t url_id, schema::Timestamp at, std::function<void(ListingResult)> done);

 private:
  FreshRead reads_;
};

}  // namespace linkstream::api
