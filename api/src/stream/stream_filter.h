#pragma once
// Which events a reader of GET /events/stream asked for: some types, the events of one URL,
// the events of one user's account and URLs. Every event of the log passes a filter that
// asks for nothing in particular.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "linkstream/schema/events.h"
#include "linkstream/schema/topics.h"

namespace linkstream::api {

// The owner of a URL, as far as this replica's view knows (nullopt: no such URL).
using OwnerOf = std::function<std::optional<std::int64_t>(std::int64_t url_id)>;

struct StreamFilter {
  std::vector<std::string> types;  // empty: every type
  std::optional<std::int64_t> url_id;
  std::optional<std::int64_t> user_id;

  // `list`: event type names separated by commas ("ClickRecorded,UrlUpdated"); empty:
  // every type. Returns the message of a 400 for a name that is no event type.
  static std::optional<std::string> parse_types(std::string_view list, StreamFilter& filter);

  // The topics whose events can pass: only those are read.
  std::vector<schema::Topic> topics() const;

  // Whether the event passes. An update or deletion of a URL names no user: `owner_of`
  // says whose URL it is.
  bool passes(const schema::Event& event, const OwnerOf& owner_of) const;
};

}  // namespace linkstream::api
