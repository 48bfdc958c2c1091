#pragma once
// The SQL of the read tables: what each folded event becomes in PostgreSQL. Every write is
// idempotent (upsert, delete, or insert that ignores a row it already has), so replaying a
// batch that was already committed changes nothing.
//
// A RowWriter gathers a batch's rows without touching the database (so that the next batch
// can be folded while this one is written: see batch_writer.h), and flush() writes them in
// one transaction: the batch's last state of each user and URL it touched (rows are always
// written whole from the fold's state, and ids are never reused, so the last state is all
// that counts), the rows of the events table (clicks above all) with COPY (see flush() for
// rows the table already has), every version of a URL the batch's URL events made
// (url_versions, the same way), registrations and deletions of webhooks, and the batch's
// voided events and dead letters.

#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "linkstream/schema/events.h"
#include "linkstream/schema/fold.h"
#include "linkstream/schema/state.h"
#include "linkstream/schema/topics.h"

namespace linkstream::projector {

struct Position {
  schema::Topic topic{};
  std::int32_t partition = 0;
  std::int64_t offset = 0;
};

class RowWriter {
 public:
  // Prepares the statements on `connection` (once per connection).
  static void prepare(pqxx::connection& connection);

  // Writes what the batch changed within `tx`, and forgets it. Call it before the batch's
  // offsets are saved in the same transaction; rows not flushed are not written.
  void flush(pqxx::work& tx);

  // The rows of an accepted event. `state` is the fold's state after the event;
  // `url_before` the URL an update or delete applied to, as it was before.
  void accepted(const schema::Event& event, const schema::State& state,
                const std::optional<schema::Url>& url_before, const Position& at);
  // A message that is not an event (sent to linkstream.deadletter), for operators.
  void dead_letter(const Position& at, std::string_view reason, const std::string& message,
                   std::size_t bytes);
  // A void event, for operators: voided_events.
  void voided(const schema::Event& event, schema::VoidReason reason, const std::string& payload,
              const Position& at);

 private:
  struct EventRow {
    std::int64_t id = 0;
    int index = 0;  // which of the event's rows this is
    std::optional<std::int64_t> url_id;
    std::optional<std::int64_t> user_id;
    std::string event_type;
    schema::Timestamp timestamp{};
    std::string details;
    std::optional<std::string> visitor_hash;
  };
  // A state of a URL after an accepted URL event (url_versions).
  struct VersionRow {
    Position at;
    std::string event_uid;
    std::string_view event_type;
    std::string changed;  // a text[] literal: {original_url,title}
    schema::Timestamp valid_from{};
    bool deleted = false;
    schema::Url url;
  };
  void insert_event(const schema::Event& event, const EventRow& row);
  void add_version(const schema::Event& event, const schema::Url& url,
                   const std::optional<schema::Url>& before, const Position& at, bool deleted);
  void upsert_user(const schema::User& user);
  void upsert_url(const schema::Url& url);

  struct StagedRow {
    EventRow row;
    std::string event_uid;
  };

  struct DeadLetterRow {
    Position at;
    std::string reason;
    std::string message;
    std::size_t bytes = 0;
  };
  struct VoidedRow {
    Position at;
    std::string event_type;
    std::string reason;
    std::string payload;
  };

  void copy_staged_into(pqxx::transaction_base& tx, const std::string& table) const;
  void write_events(pqxx::work& tx);
  void copy_versions_into(pqxx::transaction_base& tx, const std::string& table) const;
  void write_webhooks(pqxx::work& tx);
  void write_versions(pqxx::work& tx);
  void write_users(pqxx::work& tx);
  void write_urls(pqxx::work& tx);

  std::map<std::int64_t, std::optional<schema::User>> users_;  // nullopt: deleted
  std::map<std::int64_t, std::optional<schema::Url>> urls_;    // nullopt: deleted
  std::vector<StagedRow> staged_;
  std::vector<VersionRow> versions_;
  // linkstream.webhooks in log order: registrations and deletions (the webhooks table).
  struct WebhookChange {
    std::variant<schema::WebhookRegistered, schema::WebhookDeleted> change;
    schema::Timestamp at{};
  };
  std::vector<WebhookChange> webhook_changes_;
  std::vector<DeadLetterRow> dead_letters_;
  std::vector<VoidedRow> voided_;
};

// Whether the message at `at` is recorded as a dead letter already (a replay reaches it
// again: it is not sent to linkstream.deadletter twice).
bool has_dead_letter(pqxx::transaction_base& tx, const Position& at);

}  // namespace linkstream::projector
