#include "domain/url_service.h"

#include "domain/confirmed_append.h"
#include "domain/entity_change.h"
#include "domain/page_slice.h"
#include "domain/short_code.h"
#include "domain/validation.h"
#include "domain/void_meaning.h"

namespace linkstream::api {

namespace {

constexpr int kAttempts = 8;

}  // namespace

UrlService::UrlService(View& view, eventlog::LogWriter& writer, const UrlPolicy& policy,
                       std::chrono::milliseconds confirm_timeout, FoldBarrier* barrier)
    : view_(view),
      writer_(writer),
      policy_(policy),
      confirm_timeout_(confirm_timeout),
      barrier_(barrier) {}

void UrlService::create(NewUrl url, UrlCallback done) {
  auto admitted = policy_.admit(url.original_url);
  if (!admitted.ok()) {
    return done(UrlResult::fail(WriteStatus::kInvalid, "original_url", admitted.error));
  }
  url.original_url = std::move(admitted.url);
  if (url.title) {
    if (auto error = check_title(*url.title)) {
      return done(UrlResult::fail(WriteStatus::kInvalid, "title", *error));
    }
  }
  if (url.short_code) {
    if (auto error = check_custom_short_code(*url.short_code)) {
      return done(UrlResult::fail(WriteStatus::kInvalid, "short_code", *error));
    }
  }
  if (url.key) {
    if (auto known = known_outcome<schema::Url>(
            view_, *url.key, [this](std::int64_t id) { return find(id); }, "URL")) {
      return done(std::move(*known));
    }
  }
  create_checked(std::move(url), barrier_ != nullptr, std::move(done));
}

void UrlService::create_checked(NewUrl url, bool may_wait_for_log, UrlCallback done) {
  const bool owner_exists =
      view_.read([&](const schema::State& s) { return s.user(url.user_id) != nullptr; });
  if (!owner_exists && may_wait_for_log) {
    return barrier_->wait_for_log_end(
        FoldBarrier::kMissBudget,
        [this, url = std::move(url), done = std::move(done)](bool) mutable {
          create_checked(std::move(url), false, std::move(done));
        });
  }
  if (!owner_exists) {
    return done(UrlResult::fail(WriteStatus::kNotFound, "user_id",
                                "user " + std::to_string(url.user_id) + " does not exist"));
  }
  const bool custom = url.short_code.has_value();
  // (Not for a keyed request: its own first attempt may hold the code.)
  if (custom && !url.key &&
      view_.read([&](const schema::State& s) { return s.short_code_taken(*url.short_code); })) {
    return done(
        UrlResult::fail(WriteStatus::kConflict, "short_code", "short_code is already taken"));
  }
  attempt(std::move(url), custom, kAttempts, std::move(done));
}

std::string UrlService::unused_random_code() const {
  for (;;) {
    std::string code = random_short_code();
    if (view_.read([&](const schema::State& s) { return !s.short_code_taken(code); })) {
      return code;
    }
  }
}

void UrlService::attempt(NewUrl url, bool custom_code, int attempts_left, UrlCallback done) {
  const std::int64_t id = view_.next_url_id();
  const std::string code = custom_code ? *url.short_code : unused_random_code();
  auto event = schema::make_event(schema::UrlCreated{.url_id = id,
                                                     .user_id = url.user_id,
                                                     .short_code = code,
                                                     .original_url = url.original_url,
                                                     .title = url.title,
                                                     .is_active = true,
                                                     .created_at = schema::now()});
  apply_key(event, url.key);
  append_and_await(
      view_, writer_, event, confirm_timeout_,
      [this, url, custom_code, attempts_left, id, done](const AppendOutcome& outcome) {
        if (outcome.kind == AppendOutcome::Kind::kTimedOut) {
          return done(UrlResult::fail(WriteStatus::kUnavailable, "",
                                      unknown_outcome_message(url.key.has_value())));
        }
        if (outcome.kind != AppendOutcome::Kind::kFolded) {
          return done(UrlResult::fail(WriteStatus::kUnavailable, "", outcome.error));
        }
        const auto reason = outcome.verdict.reason;
        if (auto keyed = keyed_answer<schema::Url>(
                view_, url.key, reason, [this](std::int64_t i) { return find(i); }, "URL")) {
          return done(std::move(*keyed));
        }
        if (reason == schema::VoidReason::kNone) {
          if (auto created = find(id)) return done(UrlResult::done(std::move(*created)));
          return done(UrlResult::fail(WriteStatus::kUnavailable, "", "the URL vanished"));
        }
        if (reason == schema::VoidReason::kShortCodeTaken && custom_code) {
          return done(
              UrlResult::fail(WriteStatus::kConflict, "short_code", "short_code is already taken"));
        }
        // A race on an id or a random code: try again with fresh ones.
        if (reason == schema::VoidReason::kUrlIdTaken) view_.report_id_race();
        if (attempts_left > 1) return attempt(url, custom_code, attempts_left - 1, done);
        return done(UrlResult::fail(WriteStatus::kUnavailable, "",
                                    "could not find a free id or code; retry"));
      });
}

void UrlService::update(std::int64_t id, UrlChanges changes, UrlCallback done) {
  if (changes.original_url) {
    auto admitted = policy_.admit(*changes.original_url);
    if (!admitted.ok()) {
      return done(UrlResult::fail(WriteStatus::kInvalid, "original_url", admitted.error));
    }
    changes.original_url = std::move(admitted.url);
  }
  if (changes.title && *changes.title) {
    if (auto error = check_title(**changes.title)) {
      return done(UrlResult::fail(WriteStatus::kInvalid, "title", *error));
    }
  }
  auto current = find(id);
  if (!current) return done(fail_with<schema::Url>(schema::VoidReason::kUnknownUrl));
  if (!changes.original_url && !changes.title && !changes.is_active) {
    return done(UrlResult::done(std::move(*current)));
  }
  // Seconds are the contract's precision: an update in the same second as the last change
  // still moves updated_at forward, so a client always sees that it happened.
  const auto updated_at = std::max(schema::now(), current->updated_at + std::chrono::seconds(1));
  const auto event = schema::make_event(schema::UrlUpdated{.url_id = id,
                                                           .original_url = changes.original_url,
                                                           .title = changes.title,
                                                           .is_active = changes.is_active,
                                                           .updated_at = updated_at});
  append_entity_change<schema::Url>(
      view_, writer_, event, confirm_timeout_, [this, id] { return find(id); },
      schema::VoidReason::kUnknownUrl, std::move(done));
}

void UrlService::remove(std::int64_t id, UrlCallback done) {
  auto current = find(id);
  if (!current) return done(fail_with<schema::Url>(schema::VoidReason::kUnknownUrl));
  const auto event = schema::make_event(schema::UrlDeleted{.url_id = id});
  append_entity_change<schema::Url>(
      view_, writer_, event, confirm_timeout_,
      [url = std::move(*current)] { return std::optional(url); }, schema::VoidReason::kUnknownUrl,
      std::move(done));
}

std::vector<schema::Url> UrlService::list(const UrlFilter& filter) const {
  return view_.read([&filter](const schema::State& s) {
    auto keep = [&filter](const schema::Url& url) {
      return (!filter.user_id || url.user_id == *filter.user_id) &&
             (!filter.is_active || url.is_active == *filter.is_active);
    };
    if (!filter.user_id) return page_slice(s.urls(), filter.page, keep);
    // One user's URLs: walk that user's ids only.
    std::map<std::int64_t, schema::Url> owned;
    for (auto id : s.url_ids_of(*filter.user_id)) owned.emplace(id, *s.url(id));
    return page_slice(owned, filter.page, keep);
  });
}

std::optional<schema::Url> UrlService::find(std::int64_t id) const {
  return view_.read([id](const schema::State& s) -> std::optional<schema::Url> {
    if (const auto* u = s.url(id)) return *u;
    return std::nullopt;
  });
}

}  // namespace linkstream::api
