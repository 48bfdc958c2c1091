#include "linkstream/schema/events.h"

#include "linkstream/schema/event_id.h"

namespace linkstream::schema {

Event make_event(EventBody body) {
  return Event{.id = new_event_id(), .occurred_at = now(), .body = std::move(body)};
}

std::string_view type_name(const EventBody& body) {
  return std::visit([](const auto& b) { return std::decay_t<decltype(b)>::kType; }, body);
}

int type_version(const EventBody& body) {
  return std::visit([](const auto& b) { return std::decay_t<decltype(b)>::kVersion; }, body);
}

}  // namespace linkstream::schema
