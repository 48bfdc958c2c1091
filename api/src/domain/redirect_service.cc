#include "domain/redirect_service.h"

#include <spdlog/spdlog.h>

namespace linkstream::api {

RedirectService::RedirectService(View& view, eventlog::LogWriter& writer,
                                 std::function<void()> on_click_lost)
    : view_(view), writer_(writer), on_click_lost_(std::move(on_click_lost)) {}

std::optional<std::string> RedirectService::follow(std::string_view short_code) {
  struct Target {
    std::string location;
    schema::ClickRecorded click;
  };
  // One read: the Location and the click describe the same version of the URL.
  auto target = view_.read([&](const schema::State& s) -> std::optional<Target> {
    const auto* url = s.url_by_short_code(short_code);
    if (!url || !url->is_active) return std::nullopt;
    return Target{url->original_url,
                  schema::ClickRecorded{
                      .url_id = url->id, .user_id = url->user_id, .short_code = url->short_code}};
  });
  if (!target) return std::nullopt;

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
