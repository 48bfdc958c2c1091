#pragma once
// The events of linkstream's log, one struct per type at its current version.
//
// An event is an envelope (id, time) around a body. Bodies are plain values; they are
// turned into JSON and back only by codec.h, and their effect on state is decided only
// by fold.h. docs/events.md describes each type for readers outside this code base.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "linkstream/schema/timestamp.h"

namespace linkstream::schema {

// Topic linkstream.users. A new user; ids are chosen by the writer and travel in the event.
struct UserRegistered {
  static constexpr std::string_view kType = "UserRegistered";
  static constexpr int kVersion = 1;
  std::int64_t user_id = 0;
  std::string username;
  std::string email;
  Timestamp created_at{};
};

// Topic linkstream.urls. A new short URL owned by user_id.
struct UrlCreated {
  static constexpr std::string_view kType = "UrlCreated";
  static constexpr int kVersion = 1;
  std::int64_t url_id = 0;
  std::int64_t user_id = 0;
  std::string short_code;
  std::string original_url;
  std::optional<std::string> title;
  bool is_active = true;
  Timestamp created_at{};
};

// Topic linkstream.clicks. A redirect was served; the time is the envelope's.
struct ClickRecorded {
  static constexpr std::string_view kType = "ClickRecorded";
  static constexpr int kVersion = 1;
  std::int64_t url_id = 0;
  std::int64_t user_id = 0;  // the URL's owner
  std::string short_code;
};

using EventBody = std::variant<UserRegistered, UrlCreated, ClickRecorded>;

struct Event {
  std::string id;           // random UUID, see event_id.h
  Timestamp occurred_at{};  // when the writer produced it
  EventBody body;
};

// Wraps a body in a new envelope with a fresh id and the current time.
Event make_event(EventBody body);

// The body's type name, as written in the envelope ("UrlCreated").
std::string_view type_name(const EventBody& body);

}  // namespace linkstream::schema
