#include "stream/stream_filter.h"

#include <algorithm>
#include <array>
#include <type_traits>

namespace linkstream::api {

namespace {

struct TypeTopic {
  std::string_view type;
  schema::Topic topic;
};

// Every event type and where it travels (docs/events.md, docs/asyncapi.yaml).
constexpr std::array<TypeTopic, 14> kTypes{{
    {"UserRegistered", schema::Topic::kUsers},
    {"UserImported", schema::Topic::kUsers},
    {"UserUpdated", schema::Topic::kUsers},
    {"UserDeleted", schema::Topic::kUsers},
    {"UrlCreated", schema::Topic::kUrls},
    {"UrlImported", schema::Topic::kUrls},
    {"UrlUpdated", schema::Topic::kUrls},
    {"UrlDeleted", schema::Topic::kUrls},
    {"ClickRecorded", schema::Topic::kClicks},
    {"EventRecorded", schema::Topic::kEvents},
    {"EventImported", schema::Topic::kEvents},
    {"WebhookRegistered", schema::Topic::kWebhooks},
    {"WebhookDeleted", schema::Topic::kWebhooks},
    {"WebhookResendRequested", schema::Topic::kWebhooks},
}};

std::optional<schema::Topic> topic_of_type(std::string_view type) {
  for (const auto& known : kTypes)
    if (known.type == type) return known.topic;
  return std::nullopt;
}

// The URL an event is about and the user it names itself, when it names them.
struct NamedIds {
  std::optional<std::int64_t> url_id;
  std::optional<std::int64_t> user_id;
};

NamedIds ids_of(const schema::EventBody& body) {
  return std::visit(
      [](const auto& data) {
        NamedIds ids;
        if constexpr (requires { data.url_id; }) ids.url_id = data.url_id;
        if constexpr (requires { data.user_id; }) ids.user_id = data.user_id;
        return ids;
      },
      body);
}

}  // namespace

std::optional<std::string> StreamFilter::parse_types(std::string_view list, StreamFilter& filter) {
  for (bool more = !list.empty(); more;) {
    const auto comma = list.find(',');
    const auto name = list.substr(0, comma);
    more = comma != std::string_view::npos;
    if (more) list = list.substr(comma + 1);
    if (!topic_of_type(name))
      return "type names an event type this server does not know: see docs/events.md";
    if (std::find(filter.types.begin(), filter.types.end(), name) == filter.types.end())
      filter.types.emplace_back(name);
  }
  return std::nullopt;
}

std::vector<schema::Topic> StreamFilter::topics() const {
  std::vector<schema::Topic> topics;
  for (auto topic : schema::kAllTopics) {
    bool wanted = types.empty();
    for (const auto& type : types) wanted = wanted || topic_of_type(type) == topic;
    // Account events are about no URL.
    if (url_id && topic == schema::Topic::kUsers) wanted = false;
    if (wanted) topics.push_back(topic);
  }
  return topics;
}

bool StreamFilter::passes(const schema::Event& event, const OwnerOf& owner_of) const {
  if (!types.empty() &&
      std::find(types.begin(), types.end(), schema::type_name(event.body)) == types.end())
    return false;
  auto [url, user] = ids_of(event.body);
  if (url_id && url != url_id) return false;
  if (user_id) {
    if (!user && url) user = owner_of(*url);
    if (user != user_id) return false;
  }
  return true;
}

}  // namespace linkstream::api
