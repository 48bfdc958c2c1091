#include "linkstream/schema/topics.h"

#include <type_traits>

namespace linkstream::schema {

std::string_view topic_name(Topic topic) {
  switch (topic) {
    case Topic::kUsers:
      return "linkstream.users";
    case Topic::kUrls:
      return "linkstream.urls";
    case Topic::kClicks:
      return "linkstream.clicks";
    case Topic::kEvents:
      return "linkstream.events";
    case Topic::kWebhooks:
      return "linkstream.webhooks";
    case Topic::kDeadLetters:
      return "linkstream.deadletter";
  }
  return "";
}

std::optional<Topic> topic_from_name(std::string_view name) {
  for (Topic topic : kAllTopics) {
    if (topic_name(topic) == name) return topic;
  }
  if (name == topic_name(Topic::kDeadLetters)) return Topic::kDeadLetters;
  return std::nullopt;
}

Topic topic_of(const EventBody& body) {
  return std::visit(
      [](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, UserRegistered> || std::is_same_v<T, UserImported> ||
                      std::is_same_v<T, UserUpdated> || std::is_same_v<T, UserDeleted>) {
          return Topic::kUsers;
        } else if constexpr (std::is_same_v<T, UrlCreated> || std::is_same_v<T, UrlImported> ||
                             std::is_same_v<T, UrlUpdated> || std::is_same_v<T, UrlDeleted>) {
          return Topic::kUrls;
        } else if constexpr (std::is_same_v<T, ClickRecorded>) {
          return Topic::kClicks;
        } else if constexpr (requires { b.webhook_id; }) {
          return Topic::kWebhooks;
        } else {
          return Topic::kEvents;
        }
      },
      body);
}

std::string partition_key(const EventBody& body) {
  return std::visit(
      [&body](const auto& b) -> std::string {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, ClickRecorded>) {
          // Clicks of one URL stay in one partition, in the order they were served.
          return b.short_code;
        } else if constexpr (std::is_same_v<T, EventRecorded> || std::is_same_v<T, EventImported>) {
          return b.url_id ? std::to_string(*b.url_id) : std::string("none");
        } else if constexpr (requires { b.webhook_id; }) {
          return b.webhook_id;  // one webhook's events in one partition, in order
        } else if (topic_of(body) == Topic::kUsers) {
          if constexpr (requires { b.user_id; }) return std::to_string(b.user_id);
        } else {
          if constexpr (requires { b.url_id; }) return std::to_string(b.url_id);
        }
        return "none";
      },
      body);
}

std::int64_t event_row_id(Topic topic, std::int32_t partition, std::int64_t offset, int row) {
  return static_cast<std::int64_t>(topic) * 1'000'000'000'000'000 +
         static_cast<std::int64_t>(partition) * 10'000'000'000'000 + offset * 10 + row;
}

}  // namespace linkstream::schema
