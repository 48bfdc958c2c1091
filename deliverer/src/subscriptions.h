#pragma once
// The webhooks the log has registered and not deleted, folded from linkstream.webhooks,
// and which of them an event is owed to. Not thread-safe: the intake owns it.

#include <optional>
#include <string>
#include <vector>

#include "linkstream/schema/events.h"

namespace linkstream::deliverer {

struct Subscription {
  std::string id;
  std::string target_url;
  std::vector<std::string> event_types;
  std::optional<std::int64_t> url_id;
  schema::Timestamp registered_at{};
  std::optional<schema::Timestamp> deleted_at;
};

class Subscriptions {
 public:
  // Folds a linkstream.webhooks event (others are ignored). A second registration of an id
  // is ignored; a deletion of one not registered too.
  void apply(const schema::Event& event);

  // The webhooks owed `event`: of its type, about its URL when they name one, registered at
  // or before its time (to the second), and not deleted (a deletion drops what a webhook
  // was not sent yet, so an event read after it is owed nothing either).
  std::vector<const Subscription*> owed(const schema::Event& event) const;

  std::size_t size() const { return subscriptions_.size(); }

 private:
  std::vector<Subscription> subscriptions_;  // registration order; a handful
};

}  // namespace linkstream::deliverer
