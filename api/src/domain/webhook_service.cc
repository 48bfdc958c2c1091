#include "domain/webhook_service.h"

#include <algorithm>

#include "domain/webhook_signature.h"
#include "linkstream/schema/event_id.h"

namespace linkstream::api {

const std::vector<std::string>& deliverable_event_types() {
  static const std::vector<std::string> kTypes = {"UserRegistered", "UserImported", "UserUpdated",
                                                  "UserDeleted",    "UrlCreated",   "UrlImported",
                                                  "UrlUpdated",     "UrlDeleted",   "ClickRecorded",
                                                  "EventRecorded",  "EventImported"};
  return kTypes;
}

WebhookService::WebhookService(View& view, eventlog::LogWriter& writer, const UrlPolicy& targets,
                               std::string webhook_key, WebhookListing& listing)
    : view_(view),
      writer_(writer),
      targets_(targets),
      webhook_key_(std::move(webhook_key)),
      listing_(listing) {}

void WebhookService::register_webhook(NewWebhook webhook, std::function<void(WebhookResult)> done) {
  auto verdict = targets_.admit(webhook.url);
  if (!verdict.ok()) return done(WebhookResult::fail(WriteStatus::kInvalid, "url", verdict.error));
  const auto& known = deliverable_event_types();
  if (webhook.event_types.empty()) {
    return done(WebhookResult::fail(WriteStatus::kInvalid, "event_types",
                                    "event_types must name at least one event type"));
  }
  for (std::size_t i = 0; i < webhook.event_types.size(); ++i) {
    const auto& type = webhook.event_types[i];
    if (std::find(known.begin(), known.end(), type) == known.end()) {
      return done(WebhookResult::fail(
          WriteStatus::kInvalid, "event_types",
          "event_types may hold only the log's event types (UrlCreated, ClickRecorded, ...; "
          "docs/events.md), not '" +
              type.substr(0, 64) + "'"));
    }
    if (std::find(webhook.event_types.begin(), webhook.event_types.begin() + i, type) !=
        webhook.event_types.begin() + i) {
      return done(WebhookResult::fail(WriteStatus::kInvalid, "event_types",
                                      "event_types names " + type + " twice"));
    }
  }
  if (webhook.url_id && !view_.read([id = *webhook.url_id](const schema::State& s) {
        return s.url(id) != nullptr;
      })) {
    return done(WebhookResult::fail(WriteStatus::kNotFound, "url_id",
                                    "url " + std::to_string(*webhook.url_id) + " does not exist"));
  }
  RegisteredWebhook registered{.id = schema::new_event_id(),
                               .url = std::move(verdict.url),
                               .event_types = std::move(webhook.event_types),
                               .url_id = webhook.url_id,
                               .created_at = {},
                               .secret = {}};
  registered.secret = webhook_secret(webhook_key_, registered.id);
  const auto event =
      schema::make_event(schema::WebhookRegistered{.webhook_id = registered.id,
                                                   .target_url = registered.url,
                                                   .event_types = registered.event_types,
                                                   .url_id = registered.url_id});
  registered.created_at = event.occurred_at;
  auto refused = writer_.append(event, [registered, done](const eventlog::Delivery& d) {
    if (!d.ok)
      return done(WebhookResult::fail(WriteStatus::kUnavailable, "",
                                      "the event log is unavailable: " + d.error));
    done(WebhookResult::done(registered));
  });
  if (refused) done(WebhookResult::fail(WriteStatus::kUnavailable, "", *refused));
}

void WebhookService::append(schema::EventBody body, std::string id,
                            std::function<void(WebhookChange)> done) {
  auto refused =
      writer_.append(schema::make_event(std::move(body)), [id, done](const eventlog::Delivery& d) {
        if (!d.ok)
          return done(WebhookChange::fail(WriteStatus::kUnavailable, "",
                                          "the event log is unavailable: " + d.error));
        done(WebhookChange::done(id));
      });
  if (refused) done(WebhookChange::fail(WriteStatus::kUnavailable, "", *refused));
}

namespace {

// What a failed lookup in PostgreSQL means for a change.
std::optional<WebhookChange> lookup_failure(const ListingResult& found) {
  if (!found.ok)
    return WebhookChange::fail(WriteStatus::kUnavailable, "",
                               "the database is unavailable: " + found.error);
  if (found.not_found) return WebhookChange::fail(WriteStatus::kNotFound, "", *found.not_found);
  return std::nullopt;
}

}  // namespace

void WebhookService::remove(std::string webhook_id, std::function<void(WebhookChange)> done) {
  listing_.find(webhook_id, [this, webhook_id, done](const ListingResult& found) {
    if (auto failure = lookup_failure(found)) return done(*failure);
    append(schema::WebhookDeleted{.webhook_id = webhook_id}, webhook_id, done);
  });
}

void WebhookService::resend(std::string webhook_id, std::string delivery_id,
                            std::function<void(WebhookChange)> done) {
  listing_.delivery_state(
      webhook_id, delivery_id, [this, webhook_id, delivery_id, done](const ListingResult& found) {
        if (auto failure = lookup_failure(found)) return done(*failure);
        if (found.json != "dead") {
          return done(WebhookChange::fail(WriteStatus::kConflict, "",
                                          "delivery " + delivery_id + " is " + found.json +
                                              ": only a dead delivery is sent again"));
        }
        append(schema::WebhookResendRequested{.webhook_id = webhook_id, .delivery_id = delivery_id},
               delivery_id, done);
      });
}

}  // namespace linkstream::api
