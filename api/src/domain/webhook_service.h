#pragma once
// Webhooks (docs/webhooks.md): registered, deleted and re-sent through linkstream.webhooks;
// linkstream-deliverer does the sending. Reads come from PostgreSQL (webhook_listing.h).

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/url_policy.h"
#include "domain/write_result.h"
#include "linkstream/eventlog/log_writer.h"
#include "linkstream/schema/timestamp.h"
#include "read_model/webhook_listing.h"
#include "view/view.h"

namespace linkstream::api {

// The log's type names a webhook may ask for: every event type but the webhooks' own.
const std::vector<std::string>& deliverable_event_types();

struct NewWebhook {
  std::string url;
  std::vector<std::string> event_types;
  std::optional<std::int64_t> url_id;  // only events about this URL
};

struct RegisteredWebhook {
  std::string id;
  std::string url;  // as the webhook URL policy stored it
  std::vector<std::string> event_types;
  std::optional<std::int64_t> url_id;
  schema::Timestamp created_at{};
  std::string secret;  // shown once, in the answer to the registration
};

using WebhookResult = WriteResult<RegisteredWebhook>;
using WebhookChange = WriteResult<std::string>;  // the id of what was changed

class WebhookService {
 public:
  // `targets`: the webhook URL policy. `webhook_key`: the deployment's key (secrets are
  // derived from it, webhook_signature.h).
  WebhookService(View& view, eventlog::LogWriter& writer, const UrlPolicy& targets,
                 std::string webhook_key, WebhookListing& listing);

  // kDone once Kafka holds the registration; kInvalid (a target the policy refuses, an
  // unknown or repeated event type, none at all), kNotFound (an unknown url_id),
  // kUnavailable. A webhook is sent the matching events that occur from the second it was
  // registered on.
  void register_webhook(NewWebhook webhook, std::function<void(WebhookResult)> done);
  // kDone once Kafka holds the deletion, kNotFound, kUnavailable.
  void remove(std::string webhook_id, std::function<void(WebhookChange)> done);
  // kDone once Kafka holds the request (the deliverer sends the delivery again soon after),
  // kNotFound, kConflict (the delivery is not dead: it is pending or was delivered),
  // kUnavailable.
  void resend(std::string webhook_id, std::string delivery_id,
              std::function<void(WebhookChange)> done);

 private:
  void append(schema::EventBody body, std::string id, std::function<void(WebhookChange)> done);

  View& view_;
  eventlog::LogWriter& writer_;
  const UrlPolicy& targets_;
  std::string webhook_key_;
  WebhookListing& listing_;
};

}  // namespace linkstream::api
