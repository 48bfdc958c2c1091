#include "row_writer.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace linkstream::projector {

namespace {

std::string details_json(std::initializer_list<std::pair<const char*, std::string_view>> fields) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  for (const auto& [key, value] : fields) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  }
  w.EndObject();
  return buffer.GetString();
}

}  // namespace

void RowWriter::prepare(pqxx::connection& connection) {
  connection.prepare("upsert_user", R"(
      INSERT INTO users (id, username, email, created_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, email = EXCLUDED.email,
                                     created_at = EXCLUDED.created_at)");
  connection.prepare("upsert_url", R"(
      INSERT INTO urls (id, user_id, short_code, original_url, title, is_active, created_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, short_code = EXCLUDED.short_code,
        original_url = EXCLUDED.original_url, title = EXCLUDED.title, is_active = EXCLUDED.is_active,
        created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at)");
  // ON CONFLICT DO NOTHING covers both the row id (a replayed offset) and event_uid (a
  // click shipped twice, at two offsets).
  connection.prepare("insert_event", R"(
      INSERT INTO events (id, event_uid, url_id, user_id, event_type, "timestamp", details)
      VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
      ON CONFLICT DO NOTHING)");
  connection.prepare("insert_voided", R"(
      INSERT INTO voided_events (topic, "partition", "offset", event_type, reason, event)
      VALUES ($1, $2, $3, $4, $5, $6::jsonb)
      ON CONFLICT DO NOTHING)");
}

void RowWriter::event_row(const schema::Event& event, const Position& at, std::int64_t url_id,
                          std::int64_t user_id, const char* event_type,
                          const std::string& details) {
  tx_.exec_prepared("insert_event", schema::event_row_id(at.topic, at.partition, at.offset),
                    event.id, url_id, user_id, event_type,
                    schema::format_timestamp(event.occurred_at), details);
}

void RowWriter::accepted(const schema::Event& event, const schema::State& state,
                         const Position& at) {
  if (const auto* registered = std::get_if<schema::UserRegistered>(&event.body)) {
    const auto* user = state.user(registered->user_id);
    tx_.exec_prepared("upsert_user", user->id, user->username, user->email,
                      schema::format_timestamp(user->created_at));
  } else if (const auto* created = std::get_if<schema::UrlCreated>(&event.body)) {
    const auto* url = state.url(created->url_id);
    tx_.exec_prepared("upsert_url", url->id, url->user_id, url->short_code, url->original_url,
                      url->title, url->is_active, schema::format_timestamp(url->created_at),
                      schema::format_timestamp(url->updated_at));
    event_row(event, at, url->id, url->user_id, "created",
              details_json({{"short_code", url->short_code}, {"original_url", url->original_url}}));
  } else if (const auto* click = std::get_if<schema::ClickRecorded>(&event.body)) {
    event_row(event, at, click->url_id, click->user_id, "click",
              details_json({{"short_code", click->short_code}}));
  }
}

void RowWriter::voided(const schema::Event& event, schema::VoidReason reason,
                       const std::string& payload, const Position& at) {
  tx_.exec_prepared("insert_voided", std::string(schema::topic_name(at.topic)), at.partition,
                    at.offset, std::string(schema::type_name(event.body)),
                    std::string(schema::describe(reason)), payload);
}

}  // namespace linkstream::projector
