#include "import/row_events.h"

#include <rapidjson/document.h>

#include <charconv>

#include "domain/short_code.h"
#include "domain/validation.h"
#include "linkstream/schema/bounded_json.h"
#include "linkstream/schema/topics.h"

namespace linkstream::api {

namespace {

const std::vector<std::string>& required_columns(ImportKind kind) {
  static const std::vector<std::string> users = {"username", "email"};
  static const std::vector<std::string> urls = {"user_id", "original_url"};
  static const std::vector<std::string> events = {"id", "event_type", "timestamp"};
  return kind == ImportKind::kUsers ? users : kind == ImportKind::kUrls ? urls : events;
}

// Field access by column name; a missing column or an empty cell reads as absent.
class RowReader {
 public:
  RowReader(const CsvTable& table, const CsvRow& row) : table_(table), row_(row) {}

  std::optional<std::string> text(std::string_view column) const {
    auto index = table_.column(column);
    if (!index || *index >= row_.fields.size() || row_.fields[*index].empty()) return std::nullopt;
    return row_.fields[*index];
  }

  // Absent: nullopt. Present but not a positive integer below 2^53: `error` is set.
  std::optional<std::int64_t> id(std::string_view column, std::string& error) const {
    auto value = text(column);
    if (!value) return std::nullopt;
    std::int64_t number = 0;
    auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), number);
    if (ec != std::errc() || end != value->data() + value->size() || number < 1 ||
        number > 9'007'199'254'740'991) {
      error = std::string(column) + " must be a positive integer, not '" + *value + "'";
      return std::nullopt;
    }
    return number;
  }

  // Absent: `fallback`. Present but not a timestamp: `error` is set.
  schema::Timestamp time(std::string_view column, schema::Timestamp fallback,
                         std::string& error) const {
    auto value = text(column);
    if (!value) return fallback;
    auto parsed = schema::parse_timestamp(*value);
    if (!parsed)
      error = std::string(column) + " must look like 2025-12-14 18:57:39, not '" + *value + "'";
    return parsed.value_or(fallback);
  }

  std::size_t field_count() const { return row_.fields.size(); }

 private:
  const CsvTable& table_;
  const CsvRow& row_;
};

std::optional<bool> parse_flag(const std::string& text) {
  if (text == "True" || text == "true" || text == "TRUE" || text == "1") return true;
  if (text == "False" || text == "false" || text == "FALSE" || text == "0") return false;
  return std::nullopt;
}

std::variant<schema::Event, std::string> user_row(const RowReader& r, View& view) {
  std::string error;
  auto id = r.id("id", error);
  auto username = r.text("username").value_or("");
  auto email = r.text("email").value_or("");
  const auto created_at = r.time("created_at", schema::now(), error);
  if (!error.empty()) return error;
  if (auto problem = check_username(username)) return *problem;
  if (auto problem = check_email(email)) return *problem;
  return schema::make_event(schema::UserImported{.user_id = id ? *id : view.next_user_id(),
                                                 .username = username,
                                                 .email = email,
                                                 .created_at = created_at});
}

std::variant<schema::Event, std::string> url_row(const RowReader& r, View& view,
                                                 const UrlPolicy& policy) {
  std::string error;
  auto id = r.id("id", error);
  auto user_id = r.id("user_id", error);
  const auto created_at = r.time("created_at", schema::now(), error);
  const auto updated_at = r.time("updated_at", created_at, error);
  if (!error.empty()) return error;
  if (!user_id) return std::string("user_id is required");
  auto admitted = policy.admit(r.text("original_url").value_or(""));
  if (!admitted.ok()) return admitted.error;
  auto original_url = std::move(admitted.url);
  auto title = r.text("title");
  if (title) {
    if (auto problem = check_title(*title)) return *problem;
  }
  bool is_active = true;
  if (auto flag = r.text("is_active")) {
    auto parsed = parse_flag(*flag);
    if (!parsed) return "is_active must be True or False, not '" + *flag + "'";
    is_active = *parsed;
  }
  auto code = r.text("short_code");
  if (code) {
    // Existing data keeps its codes, reserved words excepted: they could never redirect.
    if (auto problem = check_custom_short_code(*code)) return *problem;
  }
  const bool owner_known =
      view.read([&](const schema::State& s) { return s.user(*user_id) != nullptr; });
  if (!owner_known) return "user " + std::to_string(*user_id) + " does not exist";
  return schema::make_event(schema::UrlImported{.url_id = id ? *id : view.next_url_id(),
                                                .user_id = *user_id,
                                                .short_code = code ? *code : random_short_code(),
                                                .original_url = original_url,
                                                .title = title,
                                                .is_active = is_active,
                                                .created_at = created_at,
                                                .updated_at = updated_at});
}

std::variant<schema::Event, std::string> event_row(const RowReader& r) {
  std::string error;
  auto id = r.id("id", error);
  auto url_id = r.id("url_id", error);
  auto user_id = r.id("user_id", error);
  const auto timestamp = r.time("timestamp", schema::Timestamp{}, error);
  if (!error.empty()) return error;
  if (!id) return std::string("id is required");
  if (*id >= schema::kFirstLogDerivedRowId) return std::string("id must be below 10^15");
  if (!r.text("timestamp")) return std::string("timestamp is required");
  auto event_type = r.text("event_type").value_or("");
  if (event_type.empty() || event_type.size() > 64)
    return std::string("event_type must be 1 to 64 characters");
  auto details = r.text("details").value_or("{}");
  rapidjson::Document parsed;
  if (auto problem = schema::parse_bounded_json(details, parsed))
    return "details must be a JSON object: " + *problem;
  if (!parsed.IsObject()) return std::string("details must be a JSON object");
  return schema::make_event(schema::EventImported{.event_id = *id,
                                                  .url_id = url_id,
                                                  .user_id = user_id,
                                                  .event_type = event_type,
                                                  .timestamp = timestamp,
                                                  .details = details});
}

}  // namespace

std::optional<std::string> missing_columns(ImportKind kind, const CsvTable& table) {
  std::string missing;
  for (const auto& name : required_columns(kind)) {
    if (!table.column(name)) missing += (missing.empty() ? "" : ", ") + name;
  }
  if (missing.empty()) return std::nullopt;
  return "the CSV header must name the columns " + missing;
}

std::variant<schema::Event, std::string> row_event(ImportKind kind, const CsvTable& table,
                                                   const CsvRow& row, View& view,
                                                   const UrlPolicy& policy) {
  const RowReader reader(table, row);
  if (reader.field_count() != table.header.size()) {
    return "the row has " + std::to_string(reader.field_count()) + " fields; the header has " +
           std::to_string(table.header.size());
  }
  switch (kind) {
    case ImportKind::kUsers:
      return user_row(reader, view);
    case ImportKind::kUrls:
      return url_row(reader, view, policy);
    case ImportKind::kEvents:
      return event_row(reader);
  }
  return std::string("unknown kind");
}

}  // namespace linkstream::api
