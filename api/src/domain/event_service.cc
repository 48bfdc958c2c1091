#include "domain/event_service.h"

#include <algorithm>

#include "domain/validation.h"
#include "linkstream/schema/topics.h"

namespace linkstream::api {

EventService::EventService(View& view, eventlog::LogWriter& writer)
    : view_(view), writer_(writer) {}

void EventService::record(NewEvent event, std::function<void(EventResult)> done) {
  if (event.event_type.empty() || characters(event.event_type) > 64 ||
      std::any_of(event.event_type.begin(), event.event_type.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return done(EventResult::fail(WriteStatus::kInvalid, "event_type",
                                  "event_type must be 1 to 64 printable characters"));
  }
  const auto missing = view_.read([&event](const schema::State& s) -> std::optional<std::string> {
    if (event.url_id && !s.url(*event.url_id)) return "url_id";
    if (event.user_id && !s.user(*event.user_id)) return "user_id";
    return std::nullopt;
  });
  if (missing) {
    const auto id = *missing == "url_id" ? *event.url_id : *event.user_id;
    return done(EventResult::fail(WriteStatus::kNotFound, *missing,
                                  std::string(*missing == "url_id" ? "url " : "user ") +
                                      std::to_string(id) + " does not exist"));
  }
  const auto appended = schema::make_event(schema::EventRecorded{.url_id = event.url_id,
                                                                 .user_id = event.user_id,
                                                                 .event_type = event.event_type,
                                                                 .details = event.details});
  EventRecord record{
      0, event.url_id, event.user_id, event.event_type, appended.occurred_at, event.details};
  auto refused = writer_.append(appended, [record, done](const eventlog::Delivery& d) mutable {
    if (!d.ok)
      return done(EventResult::fail(WriteStatus::kUnavailable, "",
                                    "the event log is unavailable: " + d.error));
    record.id = schema::event_row_id(d.topic, d.partition, d.offset);
    done(EventResult::done(std::move(record)));
  });
  if (refused) done(EventResult::fail(WriteStatus::kUnavailable, "", *refused));
}

}  // namespace linkstream::api
