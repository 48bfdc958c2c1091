#include "read_model/event_listing.h"

namespace linkstream::api {

EventListing::EventListing(ReadPool& pool, ProjectionProgress& progress,
                           std::chrono::milliseconds freshness_budget)
    : reads_(pool, progress, freshness_budget) {}

void EventListing::list(EventFilter filter, std::function<void(ListingResult)> done) {
  reads_.run(
      [filter](pqxx::connection& connection) {
        pqxx::read_transaction tx(connection);
        // PostgreSQL builds the JSON: one round trip, no per-row work in the api. A NULL
        // parameter disables its filter; a NULL limit means all rows.
        return ReadAnswer{tx.exec_params1(R"sql(
            SELECT coalesce(json_agg(row_to_json(page) ORDER BY page.id), '[]'::json)::text
            FROM (SELECT id, url_id, user_id, event_type,
                         to_char("timestamp", 'YYYY-MM-DD"T"HH24:MI:SS') AS "timestamp", details
                  FROM events
                  WHERE ($1::bigint IS NULL OR url_id = $1)
                    AND ($2::bigint IS NULL OR user_id = $2)
                    AND ($3::text IS NULL OR event_type = $3)
                  ORDER BY id
                  LIMIT $4 OFFSET $5) page)sql",
                                          filter.url_id, filter.user_id, filter.event_type,
                                          filter.page.limit, filter.page.offset)[0]
                              .as<std::string>()};
      },
      std::move(done));
}

void EventListing::stats(std::int64_t url_id, std::string short_code,
                         std::function<void(ListingResult)> done) {
  reads_.run(
      [url_id, short_code](pqxx::connection& connection) {
        pqxx::read_transaction tx(connection);
        return ReadAnswer{tx.exec_params1(R"sql(
            WITH clicks AS (
              SELECT "timestamp", details->>'referrer' AS referrer, visitor_hash
              FROM events WHERE url_id = $1 AND event_type = 'click')
            SELECT json_build_object(
              'url_id', $1::bigint,
              'short_code', $2::text,
              'total_clicks', (SELECT count(*) FROM clicks),
              'unique_visitors', (SELECT count(DISTINCT visitor_hash) FROM clicks),
              'clicks_by_day', coalesce((
                  SELECT json_agg(json_build_object('date', day, 'clicks', n) ORDER BY day)
                  FROM (SELECT to_char("timestamp", 'YYYY-MM-DD') AS day, count(*) AS n
                        FROM clicks GROUP BY 1) d), '[]'::json),
              'top_referrers', coalesce((
                  SELECT json_agg(json_build_object('referrer', referrer, 'clicks', n) ORDER BY n DESC, referrer)
                  FROM (SELECT referrer, count(*) AS n FROM clicks WHERE referrer IS NOT NULL
                        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10) r), '[]'::json))::text)sql",
                                          url_id, short_code)[0]
                              .as<std::string>()};
      },
      std::move(done));
}

}  // namespace linkstream::api
