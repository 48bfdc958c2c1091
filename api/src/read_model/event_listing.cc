#include "read_model/event_listing.h"

namespace linkstream::api {

EventListing::EventListing(ReadPool& pool) : pool_(pool) {}

void EventListing::list(EventFilter filter, std::function<void(ListingResult)> done) {
  pool_.submit(
      [filter, done](pqxx::connection& connection) {
        pqxx::read_transaction tx(connection);
        // PostgreSQL builds the JSON: one round trip, no per-row work in the api. A NULL
        // parameter disables its filter; a NULL limit means all rows.
        auto row = tx.exec_params1(
            R"sql(
            SELECT coalesce(json_agg(row_to_json(page) ORDER BY page.id), '[]'::json)::text
            FROM (SELECT id, url_id, user_id, event_type,
                         to_char("timestamp", 'YYYY-MM-DD"T"HH24:MI:SS') AS "timestamp", details
                  FROM events
                  WHERE ($1::bigint IS NULL OR url_id = $1)
                    AND ($2::bigint IS NULL OR user_id = $2)
                    AND ($3::text IS NULL OR event_type = $3)
                  ORDER BY id
                  LIMIT $4 OFFSET $5) page)sql",
            filter.url_id, filter.user_id, filter.event_type, filter.page.limit,
            filter.page.offset);
        done(ListingResult{true, row[0].as<std::string>(), {}});
      },
      [done](const std::string& message) {
        done(ListingResult{false, {}, message});
      });
}

}  // namespace linkstream::api
