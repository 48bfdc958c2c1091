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
  }
  return "";
}

std::optional<Topic> topic_from_name(std::string_view name) {
  for (Topic topic : kAllTopics) {
    if (topic_name(topic) == name) return topic;
  }
  return std::nullopt;
}

Topic topic_of(const EventBody& body) {
  return std::visit(
      [](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, UserRegistered>) return Topic::kUsers;
        if constexpr (std::is_same_v<T, UrlCreated>) return Topic::kUrls;
        if constexpr (std::is_same_v<T, ClickRecorded>) return Topic::kClicks;
      },
      body);
}

std::string partition_key(const EventBody& body) {
  return std::visit(
      [](const auto& b) -> std::string {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, UserRegistered>) return std::to_string(b.user_id);
        if constexpr (std::is_same_v<T, UrlCreated>) return std::to_string(b.url_id);
        // Clicks of one URL stay in one partition, in the order they were served.
        if constexpr (std::is_same_v<T, ClickRecorded>) return b.short_code;
      },
      body);
}

std::int64_t event_row_id(Topic topic, std::int32_t partition, std::int64_t offset) {
  return static_cast<std::int64_t>(topic) * 1'000'000'000'000'000 +
         static_cast<std::int64_t>(partition) * 1'000'000'000'000 + offset;
}

}  // namespace linkstream::schema
