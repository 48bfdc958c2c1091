#pragma once
// The SQL of the read tables: what each folded event becomes in PostgreSQL. Every write is
// idempotent (upsert, or insert that ignores a row it already has), so replaying a batch
// that was already committed changes nothing.

#include <pqxx/pqxx>
#include <string>

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

  explicit RowWriter(pqxx::work& tx) : tx_(tx) {}

  // The rows of an accepted event. `state` is the fold's state after the event.
  void accepted(const schema::Event& event, const schema::State& state, const Position& at);
  // A void event, for operators: voided_events.
  void voided(const schema::Event& event, schema::VoidReason reason, const std::string& payload,
              const Position& at);

 private:
  void event_row(const schema::Event& event, const Position& at, std::int64_t url_id,
                 std::int64_t user_id, const char* event_type, const std::string& details);

  pqxx::work& tx_;
};

}  // namespace linkstream::projector
