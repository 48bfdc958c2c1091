#pragma once
// Following a short code: answered from the view alone, and every redirect served is
// recorded as a ClickRecorded event.
//
// This slice appends the click straight to the producer's queue; the durable local spool
// and its relay (docs/architecture.md) replace that without changing this interface.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "linkstream/eventlog/log_writer.h"
#include "view/view.h"

namespace linkstream::api {

// What the click records about who followed the link.
struct ClickContext {
  std::optional<std::string> referrer;
  std::optional<std::string> user_agent;
  std::string client_address;  // hashed with the salt before it goes anywhere
};

class RedirectService {
 public:
  // `on_click_lost` runs (on any thread) for every click the log did not take.
  RedirectService(View& view, eventlog::LogWriter& writer, std::string visitor_salt,
                  std::function<void()> on_click_lost);

  // The Location for `short_code`, or nullopt when no URL with that code is active (or its
  // owner was deleted). Records the click.
  std::optional<std::string> follow(std::string_view short_code, const ClickContext& context);

 private:
  View& view_;
  eventlog::LogWriter& writer_;
  std::string visitor_salt_;
  std::function<void()> on_click_lost_;
};

}  // namespace linkstream::api
