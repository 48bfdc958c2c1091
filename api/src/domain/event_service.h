#pragma once
// Events posted by clients (POST /events): appended to linkstream.events; the projector
// writes them to the events table under the id their log position gives them.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "domain/write_result.h"
#include "linkstream/eventlog/log_writer.h"
#include "linkstream/schema/timestamp.h"
#include "view/view.h"

namespace linkstream::api {

struct NewEvent {
  std::optional<std::int64_t> url_id;
  std::optional<std::int64_t> user_id;
  std::string event_type;
  std::string details = "{}";  // a JSON object, as text
};

// An event as the contract shows it.
struct EventRecord {
  std::int64_t id = 0;
  std::optional<std::int64_t> url_id;
  std::optional<std::int64_t> user_id;
  std::string event_type;
  schema::Timestamp timestamp{};
  std::string details;
};

using EventResult = WriteResult<EventRecord>;

class EventService {
 public:
  EventService(View& view, eventlog::LogWriter& writer);

  // kDone once Kafka holds the event (its id is then known), kInvalid, kNotFound (an
  // unknown url_id or user_id), kUnavailable. `done` runs on the writer's thread, or on
  // this one for answers that need no log.
  void record(NewEvent event, std::function<void(EventResult)> done);

 private:
  View& view_;
  eventlog::LogWriter& writer_;
};

}  // namespace linkstream::api
