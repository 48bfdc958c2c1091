#pragma once
// Where rows that differ between the live read tables and a fresh fold of the log come
// from, and the replay that writes them again.
//
// An operator who finds rows missing must replay the topic that made them, and the
// obvious guess is often wrong (click rows and imported events share the events table
// but come from linkstream.clicks and linkstream.events). Every row can be traced:
//   - events rows made from the log have ids that encode their position
//     (schema/topics.h, event_row_id); imported events keep their file's ids, so only
//     their topic (linkstream.events) is known;
//   - voided_events and dead_letters hold their topic, partition and offset;
//   - users, urls and url_versions are folds of linkstream.users and linkstream.urls,
//     which the projector reads from offset 0 on every replay; webhooks, of
//     linkstream.webhooks, replayed from its beginning too (a handful of rows).

#include <cstdint>
#include <map>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "linkstream/schema/topics.h"

namespace linkstream::projector {

//
// A replay writes missing rows again (and, for users and urls, overwrites changed ones);
// it never removes a row, and it leaves a changed events row as it is (inserts ignore a row
// they have). Rows that only the live tables hold therefore call for a rebuild.
class DifferenceOrigins {
 public:
  enum class Side {
    kMissing,  // in the fresh fold, not in the live tables
    kExtra,    // in the live tables, not in the fresh fold (added or changed by hand)
  };

  // Traces the rows of `table` that `differing_rows` (a SELECT over the table's compared
  // columns) returns. A table whose rows cannot be traced (projector_offsets) is named
  // with no position.
  void add(pqxx::transaction_base& tx, const std::string& table, const std::string& differing_rows,
           Side side);

  // One line per table, side and source: "events: 4 rows missing from the live tables,
  // from linkstream.events partition 0, offsets 12 to 40".
  const std::vector<std::string>& descriptions() const { return descriptions_; }

  // The commands that repair the live tables: "linkstreamctl replay TOPIC START", one per
  // topic, when rows are only missing; "linkstreamctl rebuild" when some are extra.
  std::vector<std::string> repair_commands() const;

 private:
  // Per topic: the first offset to replay from in each partition; a topic that must be
  // replayed from its beginning has an empty map and `from_beginning` set.
  struct Replay {
    bool from_beginning = false;
    std::map<std::int32_t, std::int64_t> first_offsets;
  };

  void note(schema::Topic topic, std::int32_t partition, std::int64_t first);
  void note_beginning(schema::Topic topic) { replays_[topic].from_beginning = true; }

  std::vector<std::string> descriptions_;
  std::map<schema::Topic, Replay> replays_;
  bool needs_rebuild_ = false;
};

}  // namespace linkstream::projector
