#include "read_model/url_history.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <stdexcept>
#include <string>

#include "json/entity_json.h"
#include "linkstream/schema/topics.h"

namespace linkstream::api {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// The columns of a version as the queries below select them: times as the contract writes
// them, so that they read back with schema::parse_timestamp.
constexpr const char* kVersionColumns = R"sql(
    log_partition, log_offset, event_uid::text AS event_uid, event_type,
    array_to_json(changed)::text AS changed, deleted,
    to_char(valid_from, 'YYYY-MM-DD"T"HH24:MI:SS') AS valid_from,
    user_id, short_code, original_url, title, is_active,
    to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS') AS created_at,
    to_char(updated_at, 'YYYY-MM-DD"T"HH24:MI:SS') AS updated_at)sql";

schema::Timestamp timestamp_of(const pqxx::field& field) {
  auto parsed = schema::parse_timestamp(field.as<std::string>());
  if (!parsed) {
    throw std::runtime_error(std::string("url_versions holds an unreadable time in ") +
                             field.name() + ": " + field.c_str());
  }
  return *parsed;
}

schema::Url url_of(std::int64_t url_id, const pqxx::row& row) {
  schema::Url url;
  url.id = url_id;
  url.user_id = row["user_id"].as<std::int64_t>();
  url.short_code = row["short_code"].as<std::string>();
  url.original_url = row["original_url"].as<std::string>();
  if (!row["title"].is_null()) url.title = row["title"].as<std::string>();
  url.is_active = row["is_active"].as<bool>();
  url.created_at = timestamp_of(row["created_at"]);
  url.updated_at = timestamp_of(row["updated_at"]);
  return url;
}

void string_field(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void raw_field(Writer& w, const char* key, const std::string& json, rapidjson::Type type) {
  w.Key(key);
  w.RawValue(json.data(), json.size(), type);
}

void write_version(Writer& w, std::int64_t url_id, const pqxx::row& row) {
  w.StartObject();
  w.Key("version");
  w.Int64(row["version"].as<std::int64_t>());
  w.Key("event");
  w.StartObject();
  string_field(w, "id", row["event_uid"].as<std::string>());
  string_field(w, "type", row["event_type"].as<std::string>());
  w.Key("topic");
  w.String(schema::topic_name(schema::Topic::kUrls).data());
  w.Key("partition");
  w.Int(row["log_partition"].as<int>());
  w.Key("offset");
  w.Int64(row["log_offset"].as<std::int64_t>());
  w.EndObject();
  string_field(w, "valid_from", row["valid_from"].as<std::string>());
  w.Key("valid_until");
  if (row["valid_until"].is_null()) {
    w.Null();
  } else {
    w.String(row["valid_until"].c_str());
  }
  raw_field(w, "changed", row["changed"].as<std::string>(), rapidjson::kArrayType);
  w.Key("deleted");
  w.Bool(row["deleted"].as<bool>());
  raw_field(w, "url", url_json(url_of(url_id, row)), rapidjson::kObjectType);
  w.Key("clicks");
  w.Int64(row["clicks"].as<std::int64_t>());
  w.EndObject();
}

std::string no_such_url(std::int64_t url_id) {
  return "url " + std::to_string(url_id) + " does not exist";
}

}  // namespace

UrlHistory::UrlHistory(ReadPool& pool, ProjectionProgress& progress,
                       std::chrono::milliseconds freshness_budget)
    : reads_(pool, progress, freshness_budget) {}

void UrlHistory::versions(std::int64_t url_id, PageRequest page,
                          std::function<void(ListingResult)> done) {
  reads_.run(
      [url_id, page](pqxx::connection& connection) -> ReadAnswer {
        pqxx::read_transaction tx(connection);
        const auto latest = tx.exec_params(
            R"sql(SELECT short_code, count(*) OVER () AS total FROM url_versions
                  WHERE url_id = $1 ORDER BY log_partition DESC, log_offset DESC LIMIT 1)sql",
            url_id);
        if (latest.empty()) return {{}, no_such_url(url_id)};
        // Each click goes to the version in effect at its time in one pass over the URL's
        // clicks: width_bucket counts the later versions' start times at or before it (they
        // never go back, as width_bucket requires). A NULL limit means every version.
        const auto rows = tx.exec_params(std::string(R"sql(
            WITH v AS (
              SELECT *, row_number() OVER w AS version, lead(valid_from) OVER w AS next_from
              FROM url_versions WHERE url_id = $1
              WINDOW w AS (ORDER BY log_partition, log_offset)),
            starts AS (
              SELECT coalesce(array_agg(valid_from ORDER BY version) FILTER (WHERE version > 1),
                              '{}') AS later
              FROM v),
            clicks AS (
              SELECT width_bucket(e."timestamp", starts.later) + 1 AS version, count(*) AS clicks
              FROM events e, starts
              WHERE e.url_id = $1 AND e.event_type = 'click'
              GROUP BY 1)
            SELECT version, coalesce(clicks.clicks, 0) AS clicks,
                   to_char(next_from, 'YYYY-MM-DD"T"HH24:MI:SS') AS valid_until, )sql") +
                                             kVersionColumns + R"sql(
            FROM v LEFT JOIN clicks USING (version)
            ORDER BY version LIMIT $2 OFFSET $3)sql",
                                         url_id, page.limit, page.offset);
        rapidjson::StringBuffer buffer;
        Writer w(buffer);
        w.StartObject();
        w.Key("url_id");
        w.Int64(url_id);
        string_field(w, "short_code", latest[0]["short_code"].as<std::string>());
        w.Key("total_versions");
        w.Int64(latest[0]["total"].as<std::int64_t>());
        w.Key("versions");
        w.StartArray();
        for (const auto& row : rows) write_version(w, url_id, row);
        w.EndArray();
        w.EndObject();
        return {buffer.GetString(), std::nullopt};
      },
      std::move(done));
}

void UrlHistory::as_of(std::int64_t url_id, schema::Timestamp at,
                       std::function<void(ListingResult)> done) {
  reads_.run(
      [url_id, at](pqxx::connection& connection) -> ReadAnswer {
        pqxx::read_transaction tx(connection);
        const auto seconds = static_cast<std::int64_t>(at.time_since_epoch().count());
        const auto rows = tx.exec_params(std::string("SELECT") + kVersionColumns + R"sql(
            FROM url_versions
            WHERE url_id = $1 AND valid_from <= to_timestamp($2::double precision) AT TIME ZONE 'UTC'
            ORDER BY log_partition DESC, log_offset DESC LIMIT 1)sql",
                                         url_id, seconds);
        const auto when = schema::format_timestamp(at);
        if (rows.empty()) {
          const auto first = tx.exec_params(
              R"sql(SELECT to_char(min(valid_from), 'YYYY-MM-DD"T"HH24:MI:SS')
                    FROM url_versions WHERE url_id = $1)sql",
              url_id)[0][0];
          if (first.is_null()) return {{}, no_such_url(url_id)};
          return {{},
                  "url " + std::to_string(url_id) + " did not exist yet at " + when +
                      " (it was created at " + first.c_str() + ")"};
        }
        const auto& row = rows[0];
        if (row["deleted"].as<bool>()) {
          return {{},
                  "url " + std::to_string(url_id) + " had been deleted at " + when +
                      " (deleted at " + row["valid_from"].c_str() + ")"};
        }
        return {url_json(url_of(url_id, row)), std::nullopt};
      },
      std::move(done));
}

}  // namespace linkstream::api
