#include "subscriptions.h"

#include <algorithm>

namespace linkstream::deliverer {

namespace {

// The URL an event is about, when it names one.
std::optional<std::int64_t> url_of(const schema::EventBody& body) {
  return std::visit(
      [](const auto& data) -> std::optional<std::int64_t> {
        if constexpr (requires { data.url_id; }) return data.url_id;
        return std::nullopt;
      },
      body);
}

}  // namespace

void Subscriptions::apply(const schema::Event& event) {
  if (const auto* registered = std::get_if<schema::WebhookRegistered>(&event.body)) {
    const bool known = std::any_of(subscriptions_.begin(), subscriptions_.end(),
                                   [&](const auto& s) { return s.id == registered->webhook_id; });
    if (known) return;
    subscriptions_.push_back({registered->webhook_id, registered->target_url,
                              registered->event_types, registered->url_id, event.occurred_at,
                              std::nullopt});
  } else if (const auto* deleted = std::get_if<schema::WebhookDeleted>(&event.body)) {
    for (auto& s : subscriptions_) {
      if (s.id == deleted->webhook_id && !s.deleted_at) s.deleted_at = event.occurred_at;
    }
  }
}

std::vector<const Subscription*> Subscriptions::owed(const schema::Event& event) const {
  std::vector<const Subscription*> owed;
  const auto type = schema::type_name(event.body);
  const auto url = url_of(event.body);
  for (const auto& s : subscriptions_) {
    if (std::find(s.event_types.begin(), s.event_types.end(), type) == s.event_types.end())
      continue;
    if (s.url_id && url != s.url_id) continue;
    if (event.occurred_at < s.registered_at) continue;
    // Deleting a webhook drops what it was not sent yet, whenever it occurred.
    if (s.deleted_at) continue;
    owed.push_back(&s);
  }
  return owed;
}

}  // namespace linkstream::deliverer
