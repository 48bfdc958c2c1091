#include "domain/redirect_service.h"

#include <spdlog/spdlog.h>

#include "domain/visitor_hash.h"

namespace linkstream::api {

namespace {

// Headers are the client's text; the event schema bounds them.
std::optional<std::string> bounded(const std::optional<std::string>& header, std::size_t limit) {
  if (!header || header->empty()) return std::nullopt;
  return header->substr(0, limit);
}

}  // namespace

RedirectService::RedirectService(View& view, eventlog::LogWriter& writer, std::string visitor_salt,
                                 std::function<void()> on_click_lost)
    : view_(view),
      writer_(writer),
      visitor_salt_(std::move(visitor_salt)),
      on_click_lost_(std::move(on_click_lost)) {}

std::optional<std::string> RedirectService::follow(std::string_view short_code,
                                                   const ClickContext& context) {
  struct Target {
    std::string location;
    schema::ClickRecorded click;
  };
  // One read: the Location and the click describe the same version of the URL.
  auto target = view_.read([&](const schema::State& s) -> std::optional<Target> {
    const auto* url = s.url_by_short_code(short_code);
    if (!url || !url->is_active || s.user_deleted(url->user_id)) return std::nullopt;
    return Target{url->original_url,
                  schema::ClickRecorded{
                      .url_id = url->id, .user_id = url->user_id, .short_code = url->short_code}};
  });
  if (!target) return std::nullopt;
  target->click.referrer = bounded(context.referrer, 2048);
  target->click.user_agent = bounded(context.user_agent, 1024);
  target->click.visitor = visitor_hash(visitor_salt_, context.client_address);

  auto lost = on_click_lost_;
  auto refused =
      writer_.append(schema::make_event(target->click), [lost](const eventlog::Delivery& d) {
        if (!d.ok) {
          spdlog::warn("a click was not logged: {}", d.error);
          lost();
        }
      });
  if (refused) {
    spdlog::warn("a click was not logged: {}", *refused);
    on_click_lost_();
  }
  return std::move(target->location);
}

}  // namespace linkstream::api
