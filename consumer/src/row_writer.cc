#include "row_writer.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <tuple>
#include <vector>

namespace linkstream::projector {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void write_nullable(JsonWriter& w, const std::optional<std::string>& s) {
  if (s) {
    write_string(w, *s);
  } else {
    w.Null();
  }
}

// {"field": <name>, "new_value": <value>}: the shape of the contract's `updated` events.
template <typename WriteValue>
std::string updated_details(std::string_view field, WriteValue write_value) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("field");
  write_string(w, field);
  w.Key("new_value");
  write_value(w);
  w.EndObject();
  return buffer.GetString();
}

std::string created_details(const schema::Url& url) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("short_code");
  write_string(w, url.short_code);
  w.Key("original_url");
  write_string(w, url.original_url);
  w.EndObject();
  return buffer.GetString();
}

std::string deleted_details(const std::optional<schema::Url>& url) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("reason");
  w.String("deleted");
  if (url) {
    w.Key("short_code");
    write_string(w, url->short_code);
  }
  w.EndObject();
  return buffer.GetString();
}

std::string click_details(const schema::ClickRecorded& click) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("short_code");
  write_string(w, click.short_code);
  w.Key("referrer");
  write_nullable(w, click.referrer);
  w.Key("user_agent");
  write_nullable(w, click.user_agent);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace

void RowWriter::prepare(pqxx::connection& connection) {
  connection.prepare("upsert_user", R"(
      INSERT INTO users (id, username, email, created_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, email = EXCLUDED.email,
                                     created_at = EXCLUDED.created_at)");
  connection.prepare("delete_users", "DELETE FROM users WHERE id = ANY($1::bigint[])");
  connection.prepare("upsert_url", R"(
      INSERT INTO urls (id, user_id, short_code, original_url, title, is_active, created_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, short_code = EXCLUDED.short_code,
        original_url = EXCLUDED.original_url, title = EXCLUDED.title, is_active = EXCLUDED.is_active,
        created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at)");
  connection.prepare("delete_urls", "DELETE FROM urls WHERE id = ANY($1::bigint[])");
  // Many users or URLs of one batch (an import, a burst of creates) go through staging
  // tables too, then one upsert each. A batch holds each id once (its last state).
  pqxx::nontransaction(connection)
      .exec(
          "CREATE TEMP TABLE IF NOT EXISTS users_staging (LIKE users) ON COMMIT DELETE ROWS;"
          "CREATE TEMP TABLE IF NOT EXISTS urls_staging (LIKE urls) ON COMMIT DELETE ROWS");
  connection.prepare("upsert_staged_users", R"(
      INSERT INTO users (id, username, email, created_at)
      SELECT id, username, email, created_at FROM users_staging
      ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, email = EXCLUDED.email,
                                     created_at = EXCLUDED.created_at)");
  connection.prepare("upsert_staged_urls", R"(
      INSERT INTO urls (id, user_id, short_code, original_url, title, is_active, created_at, updated_at)
      SELECT id, user_id, short_code, original_url, title, is_active, created_at, updated_at
      FROM urls_staging
      ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, short_code = EXCLUDED.short_code,
        original_url = EXCLUDED.original_url, title = EXCLUDED.title, is_active = EXCLUDED.is_active,
        created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at)");
  // A batch whose event rows meet a row already in the table (see flush()) is copied into
  // this session's staging table (temporary: not written to the WAL, emptied at commit),
  // then moved over in one statement. ON CONFLICT DO NOTHING covers both the row id (a replayed
  // offset, a re-imported row) and event_uid (a click shipped twice, at two offsets, also within
  // one batch). Rows move in log order, so the first of two rows that conflict stays, however
  // the log was cut into batches (verify compares tables row for row): ORDER BY id is log order
  // for rows whose ids come from their offsets, and `staged_order` (the order they were copied
  // in, which is log order) decides between rows of one id (an event imported twice: its id
  // comes from the file; without it, which copy stayed depended on the sort).
  pqxx::nontransaction(connection)
      .exec(
          "CREATE TEMP TABLE IF NOT EXISTS events_staging (LIKE events INCLUDING DEFAULTS, "
          "staged_order bigserial) ON COMMIT DELETE ROWS");
  connection.prepare("move_staged_events", R"(
      INSERT INTO events (id, event_uid, event_row, url_id, user_id, event_type, "timestamp", details,
                          visitor_hash)
      SELECT id, event_uid, event_row, url_id, user_id, event_type, "timestamp", details, visitor_hash
      FROM events_staging ORDER BY id, staged_order
      ON CONFLICT DO NOTHING)");
  // A URL event's versions meet rows already in the table only when its offset is replayed
  // (deploy's migration 004 replays linkstream.urls, an operator may): the same way.
  pqxx::nontransaction(connection)
      .exec(
          "CREATE TEMP TABLE IF NOT EXISTS url_versions_staging (LIKE url_versions) "
          "ON COMMIT DELETE ROWS");
  connection.prepare("move_staged_versions", R"(
      INSERT INTO url_versions SELECT * FROM url_versions_staging ON CONFLICT DO NOTHING)");
  connection.prepare("insert_webhook", R"(
      INSERT INTO webhooks (webhook_id, target_url, event_types, url_id, registered_at)
      VALUES ($1, $2, $3::text[], $4, $5) ON CONFLICT DO NOTHING)");
  connection.prepare("delete_webhook", R"(
      UPDATE webhooks SET deleted_at = $2 WHERE webhook_id = $1 AND deleted_at IS NULL)");
  connection.prepare("insert_dead_letter", R"(
      INSERT INTO dead_letters (topic, "partition", "offset", reason, message, payload_bytes)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT DO NOTHING)");
  connection.prepare("has_dead_letter", R"(
      SELECT 1 FROM dead_letters WHERE topic = $1 AND "partition" = $2 AND "offset" = $3)");
  connection.prepare("insert_voided", R"(
      INSERT INTO voided_events (topic, "partition", "offset", event_type, reason, event)
      VALUES ($1, $2, $3, $4, $5, $6::jsonb)
      ON CONFLICT DO NOTHING)");
}

void RowWriter::insert_event(const schema::Event& event, const EventRow& row) {
  staged_.push_back(StagedRow{row, event.id});
}

void RowWriter::copy_staged_into(pqxx::transaction_base& tx, const std::string& table) const {
  static const std::vector<std::string> kColumns = {"id",        "event_uid", "event_row",
                                                    "url_id",    "user_id",   "event_type",
                                                    "timestamp", "details",   "visitor_hash"};
  pqxx::stream_to copy(tx, table, kColumns);
  for (const auto& [row, uid] : staged_) {
    copy << std::make_tuple(row.id, uid, row.index, row.url_id, row.user_id, row.event_type,
                            schema::format_timestamp(row.timestamp), row.details, row.visitor_hash);
  }
  copy.complete();
}

void RowWriter::flush(pqxx::work& tx) {
  write_users(tx);
  write_urls(tx);
  write_events(tx);
  write_versions(tx);
  write_webhooks(tx);
  for (const auto& d : dead_letters_) {
    tx.exec_prepared("insert_dead_letter", std::string(schema::topic_name(d.at.topic)),
                     d.at.partition, d.at.offset, d.reason, d.message,
                     static_cast<std::int64_t>(d.bytes));
  }
  dead_letters_.clear();
  for (const auto& v : voided_) {
    tx.exec_prepared("insert_voided", std::string(schema::topic_name(v.at.topic)), v.at.partition,
                     v.at.offset, v.event_type, v.reason, v.payload);
  }
  voided_.clear();
}

namespace {

// Nearly always, none of a batch's rows is in `table` yet: COPY them straight in, without
// the price of ON CONFLICT's check on every row (a quarter of PostgreSQL's time per row).
// When one is (a replayed offset, a click shipped twice), the COPY fails as a whole, the
// savepoint undoes it, and the rows go through `staging` and the prepared `merge`.
template <typename CopyInto>
void copy_new_rows(pqxx::work& tx, const std::string& table, const std::string& staging,
                   const char* merge, CopyInto copy_into) {
  try {
    pqxx::subtransaction attempt(tx, "copy_" + table);
    copy_into(attempt, table);
    attempt.commit();
  } catch (const pqxx::unique_violation&) {
    copy_into(tx, staging);
    tx.exec_prepared(merge);
  }
}

}  // namespace

void RowWriter::write_events(pqxx::work& tx) {
  if (staged_.empty()) return;
  copy_new_rows(
      tx, "events", "events_staging", "move_staged_events",
      [this](pqxx::transaction_base& t, const std::string& table) { copy_staged_into(t, table); });
  staged_.clear();
}

void RowWriter::copy_versions_into(pqxx::transaction_base& tx, const std::string& table) const {
  static const std::vector<std::string> kColumns = {
      "url_id",       "log_partition", "log_offset", "event_uid",  "event_type",
      "changed",      "valid_from",    "deleted",    "user_id",    "short_code",
      "original_url", "title",         "is_active",  "created_at", "updated_at"};
  pqxx::stream_to copy(tx, table, kColumns);
  for (const auto& v : versions_) {
    copy << std::make_tuple(
        v.url.id, v.at.partition, v.at.offset, v.event_uid, std::string(v.event_type), v.changed,
        schema::format_timestamp(v.valid_from), v.deleted, v.url.user_id, v.url.short_code,
        v.url.original_url, v.url.title, v.url.is_active,
        schema::format_timestamp(v.url.created_at), schema::format_timestamp(v.url.updated_at));
  }
  copy.complete();
}

void RowWriter::write_versions(pqxx::work& tx) {
  if (versions_.empty()) return;
  copy_new_rows(tx, "url_versions", "url_versions_staging", "move_staged_versions",
                [this](pqxx::transaction_base& t, const std::string& table) {
                  copy_versions_into(t, table);
                });
  versions_.clear();
}

void RowWriter::write_webhooks(pqxx::work& tx) {
  for (const auto& [change, when] : webhook_changes_) {
    const auto at = schema::format_timestamp(when);
    if (const auto* registered = std::get_if<schema::WebhookRegistered>(&change)) {
      std::string types = "{";
      for (const auto& type : registered->event_types)
        types += (types.size() > 1 ? "," : "") + type;  // type names are [A-Za-z]+
      tx.exec_prepared("insert_webhook", registered->webhook_id, registered->target_url,
                       types + "}", registered->url_id, at);
    } else {
      tx.exec_prepared("delete_webhook", std::get<schema::WebhookDeleted>(change).webhook_id, at);
    }
  }
  webhook_changes_.clear();
}

namespace {

// The contract's fields of a URL whose value differs between two states of it, as a text[]
// literal; every field for a URL's first state.
std::string changed_fields(const std::optional<schema::Url>& before, const schema::Url& after) {
  if (!before) return "{user_id,short_code,original_url,title,is_active}";
  std::string fields;
  auto add = [&fields](const char* name, bool differs) {
    if (differs) fields += (fields.empty() ? "" : ",") + std::string(name);
  };
  add("user_id", before->user_id != after.user_id);
  add("short_code", before->short_code != after.short_code);
  add("original_url", before->original_url != after.original_url);
  add("title", before->title != after.title);
  add("is_active", before->is_active != after.is_active);
  return "{" + fields + "}";
}

}  // namespace

void RowWriter::add_version(const schema::Event& event, const schema::Url& url,
                            const std::optional<schema::Url>& before, const Position& at,
                            bool deleted) {
  // The time a state took effect: its event's own, but never before the state it follows
  // (two replicas' clocks may disagree; log order decides which came first).
  schema::Timestamp valid_from = event.occurred_at;
  if (const auto* update = std::get_if<schema::UrlUpdated>(&event.body)) {
    valid_from = update->updated_at;
  } else if (!deleted) {
    valid_from = url.created_at;  // created or imported
  }
  if (before) valid_from = std::max(valid_from, before->updated_at);
  versions_.push_back({at, event.id, schema::type_name(event.body),
                       deleted ? std::string("{}") : changed_fields(before, url), valid_from,
                       deleted, url});
}

void RowWriter::upsert_user(const schema::User& user) {
  users_[user.id] = user;
}

void RowWriter::upsert_url(const schema::Url& url) {
  urls_[url.id] = url;
}

namespace {

// Below this many rows, one statement per row is cheaper than COPY and an upsert.
constexpr std::size_t kCopyFrom = 8;

// How one kind of entity (users, URLs) reaches its table.
struct EntityTable {
  const char* delete_statement;  // takes a bigint[] of ids
  const char* upsert_statement;  // one row, as the columns below
  const char* staging_table;     // a temporary table like the entity's
  const char* upsert_staged;     // upserts every row of the staging table
  std::vector<std::string> columns;
};

// Writes the last state of each entity a batch touched (nullopt: deleted), then forgets
// them. `row` turns an entity into the tuple of `table.columns`.
template <typename Entity, typename Row>
void write_last_states(pqxx::work& tx, std::map<std::int64_t, std::optional<Entity>>& last,
                       const EntityTable& table, Row row) {
  std::string deleted;
  std::size_t kept = 0;
  for (const auto& [id, entity] : last) {
    if (entity) {
      ++kept;
    } else {
      deleted += (deleted.empty() ? "{" : ",") + std::to_string(id);
    }
  }
  if (!deleted.empty()) tx.exec_prepared(table.delete_statement, deleted + "}");
  if (kept < kCopyFrom) {
    for (const auto& [id, entity] : last) {
      if (entity) {
        std::apply([&](auto&&... f) { tx.exec_prepared(table.upsert_statement, f...); },
                   row(*entity));
      }
    }
  } else {
    pqxx::stream_to copy(tx, table.staging_table, table.columns);
    for (const auto& [id, entity] : last) {
      if (entity) copy << row(*entity);
    }
    copy.complete();
    tx.exec_prepared(table.upsert_staged);
  }
  last.clear();
}

const EntityTable kUsers{"delete_users",
                         "upsert_user",
                         "users_staging",
                         "upsert_staged_users",
                         {"id", "username", "email", "created_at"}};
const EntityTable kUrls{"delete_urls",
                        "upsert_url",
                        "urls_staging",
                        "upsert_staged_urls",
                        {"id", "user_id", "short_code", "original_url", "title", "is_active",
                         "created_at", "updated_at"}};

}  // namespace

void RowWriter::write_users(pqxx::work& tx) {
  write_last_states(tx, users_, kUsers, [](const schema::User& u) {
    return std::make_tuple(u.id, u.username, u.email, schema::format_timestamp(u.created_at));
  });
}

void RowWriter::write_urls(pqxx::work& tx) {
  write_last_states(tx, urls_, kUrls, [](const schema::Url& u) {
    return std::make_tuple(u.id, u.user_id, u.short_code, u.original_url, u.title, u.is_active,
                           schema::format_timestamp(u.created_at),
                           schema::format_timestamp(u.updated_at));
  });
}

void RowWriter::accepted(const schema::Event& event, const schema::State& state,
                         const std::optional<schema::Url>& url_before, const Position& at) {
  auto row_id = [&at](int row) {
    return schema::event_row_id(at.topic, at.partition, at.offset, row);
  };
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, schema::UserRegistered> ||
                      std::is_same_v<T, schema::UserImported> ||
                      std::is_same_v<T, schema::UserUpdated>) {
          if (const auto* user = state.user(e.user_id)) upsert_user(*user);
        } else if constexpr (std::is_same_v<T, schema::UserDeleted>) {
          users_[e.user_id] = std::nullopt;
        } else if constexpr (std::is_same_v<T, schema::UrlCreated>) {
          const auto* url = state.url(e.url_id);
          upsert_url(*url);
          add_version(event, *url, std::nullopt, at, false);
          insert_event(event, {row_id(0), 0, url->id, url->user_id, "created", event.occurred_at,
                               created_details(*url), std::nullopt});
        } else if constexpr (std::is_same_v<T, schema::UrlImported>) {
          // The migrated data's own events (imported separately) tell its history; its
          // versions begin with the state it was imported in.
          const auto* url = state.url(e.url_id);
          upsert_url(*url);
          add_version(event, *url, std::nullopt, at, false);
        } else if constexpr (std::is_same_v<T, schema::UrlUpdated>) {
          const auto* url = state.url(e.url_id);
          upsert_url(*url);
          add_version(event, *url, url_before, at, false);
          int row = 0;
          auto updated = [&](std::string details) {
            insert_event(event, {row_id(row), row, url->id, url->user_id, "updated", e.updated_at,
                                 std::move(details), std::nullopt});
            ++row;
          };
          if (e.original_url) {
            updated(updated_details("original_url",
                                    [&](JsonWriter& w) { write_string(w, *e.original_url); }));
          }
          if (e.title)
            updated(updated_details("title", [&](JsonWriter& w) { write_nullable(w, *e.title); }));
          if (e.is_active)
            updated(updated_details("is_active", [&](JsonWriter& w) { w.Bool(*e.is_active); }));
        } else if constexpr (std::is_same_v<T, schema::UrlDeleted>) {
          urls_[e.url_id] = std::nullopt;
          if (url_before) add_version(event, *url_before, url_before, at, true);
          insert_event(
              event, {row_id(0), 0, e.url_id,
                      url_before ? std::optional<std::int64_t>(url_before->user_id) : std::nullopt,
                      "deleted", event.occurred_at, deleted_details(url_before), std::nullopt});
        } else if constexpr (std::is_same_v<T, schema::ClickRecorded>) {
          insert_event(event, {row_id(0), 0, e.url_id, e.user_id, "click", event.occurred_at,
                               click_details(e), e.visitor});
        } else if constexpr (std::is_same_v<T, schema::EventRecorded>) {
          insert_event(event, {row_id(0), 0, e.url_id, e.user_id, e.event_type, event.occurred_at,
                               e.details, std::nullopt});
        } else if constexpr (std::is_same_v<T, schema::WebhookRegistered> ||
                             std::is_same_v<T, schema::WebhookDeleted>) {
          webhook_changes_.push_back({e, event.occurred_at});
        } else if constexpr (std::is_same_v<T, schema::EventImported>) {
          insert_event(event, {e.event_id, 0, e.url_id, e.user_id, e.event_type, e.timestamp,
                               e.details, std::nullopt});
        }
      },
      event.body);
}

void RowWriter::dead_letter(const Position& at, std::string_view reason, const std::string& message,
                            std::size_t bytes) {
  dead_letters_.push_back({at, std::string(reason), message, bytes});
}

void RowWriter::voided(const schema::Event& event, schema::VoidReason reason,
                       const std::string& payload, const Position& at) {
  voided_.push_back({at, std::string(schema::type_name(event.body)),
                     std::string(schema::describe(reason)), payload});
}

bool has_dead_letter(pqxx::transaction_base& tx, const Position& at) {
  return !tx.exec_prepared("has_dead_letter", std::string(schema::topic_name(at.topic)),
                           at.partition, at.offset)
              .empty();
}

}  // namespace linkstream::projector
