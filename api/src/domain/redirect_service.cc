#include "domain/redirect_service.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "domain/name_based_id.h"
#include "domain/visitor_hash.h"
#include "linkstream/schema/codec.h"
#include "linkstream/schema/storable_text.h"
#include "linkstream/schema/topics.h"

namespace linkstream::api {

namespace {

// Headers are the client's bytes: made storable (valid UTF-8, no NUL) and cut to the
// event schema's bound, on a character boundary.
std::optional<std::string> header_text(const std::optional<std::string>& header,
                                       std::size_t limit) {
  if (!header || header->empty()) return std::nullopt;
  return schema::storable_text(*header, limit);
}

}  // namespace

RedirectService::RedirectService(View& view, ClickSpool& spool, std::string visitor_salt,
                                 std::function<void()> on_click_not_recorded)
    : view_(view),
      spool_(spool),
      visitor_salt_(std::move(visitor_salt)),
      on_click_not_recorded_(std::move(on_click_not_recorded)) {}

namespace {

// The URL a code redirects to now: active, and its owner not deleted.
const schema::Url* redirecting(const schema::State& s, std::string_view short_code) {
  const auto* url = s.url_by_short_code(short_code);
  if (!url || !url->is_active || s.user_deleted(url->user_id)) return nullptr;
  return url;
}

}  // namespace

RedirectOutcome RedirectService::look(std::string_view short_code) const {
  auto location = view_.read([&](const schema::State& s) -> std::optional<std::string> {
    const auto* url = redirecting(s, short_code);
    return url ? std::optional<std::string>(url->original_url) : std::nullopt;
  });
  if (!location) return {RedirectOutcome::Kind::kNotFound, {}, {}};
  return {RedirectOutcome::Kind::kFound, std::move(*location), {}};
}

RedirectOutcome RedirectService::follow(std::string_view short_code, const ClickContext& context) {
  struct Target {
    std::string location;
    schema::ClickRecorded click;
  };
  // One read: the Location and the click describe the same version of the URL.
  auto target = view_.read([&](const schema::State& s) -> std::optional<Target> {
    const auto* url = redirecting(s, short_code);
    if (!url) return std::nullopt;
    return Target{url->original_url,
                  schema::ClickRecorded{
                      .url_id = url->id, .user_id = url->user_id, .short_code = url->short_code}};
  });
  if (!target) return {RedirectOutcome::Kind::kNotFound, {}, {}};
  target->click.referrer = header_text(context.referrer, 2048);
  target->click.user_agent = header_text(context.user_agent, 1024);
  target->click.visitor = visitor_hash(visitor_salt_, context.client_address);

  auto event = schema::make_event(target->click);
  if (context.request_id) {
    event.id = name_based_uuid("click\n" + *context.request_id + "\n" + std::string(short_code) +
                               "\n" + context.client_address);
  }
  // Every field is the view's or bounded above, so the click is encoded without the
  // schema check (tests/unit/redirect_service_test.cc shows every click built here decodes).
  const std::string payload = schema::encode_unchecked(event);
  std::string error;
  // The click is in the spool before the 302 leaves: a click the client saw is never lost.
  if (spool_.append(schema::partition_key(event.body), payload, &error)) {
    return {RedirectOutcome::Kind::kFound, std::move(target->location), {}};
  }
  log_refusal(error);
  on_click_not_recorded_();
  return {RedirectOutcome::Kind::kNotRecorded, {}, "the click could not be recorded; retry"};
}

void RedirectService::log_refusal(const std::string& error) {
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  auto next = next_refusal_log_.load();
  const auto second =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::seconds(1))
          .count();
  if (now < next || !next_refusal_log_.compare_exchange_strong(next, now + second)) {
    ++refusals_not_logged_;
    return;
  }
  const auto others = refusals_not_logged_.exchange(0);
  if (others == 0) {
    spdlog::error("a click could not be recorded, so no redirect was given: {}", error);
  } else {
    spdlog::error(
        "a click could not be recorded, so no redirect was given: {} ({} more refused since the "
        "last report)",
        error, others);
  }
}

}  // namespace linkstream::api
