#pragma once
// Following a short code: answered from the view alone. Every redirect served is recorded
// as a ClickRecorded event in the local click spool before the 302 is written; the click
// relay ships the spool to Kafka (spool/click_relay.h).

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "spool/click_spool.h"
#include "view/view.h"

namespace linkstream::api {

// What the click records about who followed the link.
struct ClickContext {
  std::optional<std::string> referrer;
  std::optional<std::string> user_agent;
  std::string client_address;  // hashed with the salt before it goes anywhere
  // The client's X-Request-Id (nginx's, behind it): names the click, so that a redirect
  // sent again under the same id (nginx retrying it on another replica after the first
  // died with the click spooled and the 302 unsent) is one click for every reader.
  std::optional<std::string> request_id;
};

struct RedirectOutcome {
  enum class Kind {
    kFound,        // redirect to `location`; the click is spooled
    kNotFound,     // no active URL has the code (or its owner was deleted)
    kNotRecorded,  // the click could not be spooled: no redirect, retry later
  };
  Kind kind = Kind::kNotFound;
  std::string location;
  std::string error;
};

class RedirectService {
 public:
  // `on_click_not_recorded` runs for every click the spool refused.
  RedirectService(View& view, ClickSpool& spool, std::string visitor_salt,
                  std::function<void()> on_click_not_recorded);

  RedirectOutcome follow(std::string_view short_code, const ClickContext& context);
  // Where `short_code` leads, with no click: the answer to a HEAD (link checkers and
  // previews ask, nobody visits). kFound or kNotFound.
  RedirectOutcome look(std::string_view short_code) const;

 private:
  View& view_;
  ClickSpool& spool_;
  std::string visitor_salt_;
  std::function<void()> on_click_not_recorded_;

  // A full or failing disk refuses every click: one log line a second says so, with how
  // many were refused since the last (the metric counts each one).
  void log_refusal(const std::string& error);
  std::atomic<std::int64_t> next_refusal_log_{0};  // steady_clock ticks
  std::atomic<std::uint64_t> refusals_not_logged_{0};
};

}  // namespace linkstream::api
