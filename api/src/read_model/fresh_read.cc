#include "read_model/fresh_read.h"

namespace linkstream::api {

FreshRead::FreshRead(ReadPool& pool, ProjectionProgress& progress,
                     std::chrono::milliseconds freshness_budget)
    : pool_(pool), progress_(progress), freshness_budget_(freshness_budget) {}

void FreshRead::run(Query query, std::function<void(ListingResult)> done) {
  progress_.after_own_writes(freshness_budget_, [this, query, done](bool fresh) {
    pool_.submit(
        [query, done, fresh](pqxx::connection& connection) {
          auto answer = query(connection);
          done({true, fresh, std::move(answer.json), std::move(answer.not_found), {}});
        },
        [done, fresh](const std::string& message) {
          done({false, fresh, {}, {}, message});
        });
  });
}

}  // namespace linkstream::api
