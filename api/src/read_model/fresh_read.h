#pragma once
// A read from PostgreSQL after the projector has this replica's own writes
// (read-your-writes): GET /events, GET /urls/{id}/stats and a URL's history wait, bounded
// (about 2 s), for every event this replica appended before the request, then run their
// query on a ReadPool thread. When the projector could not catch up in time the answer is
// what PostgreSQL holds, marked stale.

#include <chrono>
#include <functional>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "read_model/projection_progress.h"
#include "read_model/read_pool.h"

namespace linkstream::api {

// What a read's query found.
struct ReadAnswer {
  std::string json;                      // the answer's body
  std::optional<std::string> not_found;  // set: nothing to answer (a 404 with this message)
};

struct ListingResult {
  bool ok = false;
  bool fresh =
      true;  // false: the projector was behind or down; PostgreSQL's answer may lack recent events
  std::string json;                      // when ok
  std::optional<std::string> not_found;  // when ok: the query found nothing to answer
  std::string error;                     // when !ok
};

class FreshRead {
 public:
  using Query = std::function<ReadAnswer(pqxx::connection&)>;

  // `freshness_budget`: how long a read may wait for the projector.
  FreshRead(ReadPool& pool, ProjectionProgress& progress,
            std::chrono::milliseconds freshness_budget);

  // Runs `query` once the projector has this replica's writes (or the budget is spent).
  // `done` runs on a pool thread (or at once, when the pool refuses the job).
  void run(Query query, std::function<void(ListingResult)> done);

 private:
  ReadPool& pool_;
  ProjectionProgress& progress_;
  std::chrono::milliseconds freshness_budget_;
};

}  // namespace linkstream::api
