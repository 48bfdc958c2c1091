#include "domain/user_service.h"

#include "domain/confirmed_append.h"
#include "domain/entity_change.h"
#include "domain/page_slice.h"
#include "domain/validation.h"
#include "domain/void_meaning.h"

namespace linkstream::api {

namespace {

constexpr int kIdAttempts = 5;

std::optional<UserResult> conflict_in(const schema::State& state, const NewUser& user) {
  if (state.user_by_email(user.email))
    return fail_with<schema::User>(schema::VoidReason::kEmailTaken);
  if (state.username_taken(user.username))
    return fail_with<schema::User>(schema::VoidReason::kUsernameTaken);
  return std::nullopt;
}

}  // namespace

UserService::UserService(View& view, eventlog::LogWriter& writer,
                         std::chrono::milliseconds confirm_timeout)
    : view_(view), writer_(writer), confirm_timeout_(confirm_timeout) {}

void UserService::create(NewUser user, UserCallback done) {
  if (auto error = check_username(user.username)) {
    return done(UserResult::fail(WriteStatus::kInvalid, "username", *error));
  }
  if (auto error = check_email(user.email)) {
    return done(UserResult::fail(WriteStatus::kInvalid, "email", *error));
  }
  if (user.key) {
    if (auto known = known_outcome<schema::User>(
            view_, *user.key, [this](std::int64_t id) { return find(id); }, "user")) {
      return done(std::move(*known));
    }
  }
  // The view makes conflicts rare; the log's order is what decides them. (Not for a keyed
  // request: the e-mail may be taken by its own first attempt, folded a moment ago.)
  if (auto conflict = user.key ? std::nullopt : view_.read([&](const schema::State& s) {
        return conflict_in(s, user);
      })) {
    return done(std::move(*conflict));
  }
  attempt(std::move(user), kIdAttempts, std::move(done));
}

void UserService::attempt(NewUser user, int attempts_left, UserCallback done) {
  const std::int64_t id = view_.next_user_id();
  auto event = schema::make_event(schema::UserRegistered{
      .user_id = id, .username = user.username, .email = user.email, .created_at = schema::now()});
  apply_key(event, user.key);
  append_and_await(
      view_, writer_, event, confirm_timeout_,
      [this, user, attempts_left, id, done](const AppendOutcome& outcome) {
        if (outcome.kind == AppendOutcome::Kind::kTimedOut) {
          return done(UserResult::fail(WriteStatus::kUnavailable, "",
                                       unknown_outcome_message(user.key.has_value())));
        }
        if (outcome.kind != AppendOutcome::Kind::kFolded) {
          return done(UserResult::fail(WriteStatus::kUnavailable, "", outcome.error));
        }
        const auto reason = outcome.verdict.reason;
        if (auto keyed = keyed_answer<schema::User>(
                view_, user.key, reason, [this](std::int64_t i) { return find(i); }, "user")) {
          return done(std::move(*keyed));
        }
        if (reason == schema::VoidReason::kNone) {
          if (auto created = find(id)) return done(UserResult::done(std::move(*created)));
          return done(
              UserResult::fail(WriteStatus::kUnavailable, "", "the user was deleted meanwhile"));
        }
        // Another replica took this id first: try the next one, unseen by the client.
        if (reason == schema::VoidReason::kUserIdTaken) view_.report_id_race();
        if (reason == schema::VoidReason::kUserIdTaken && attempts_left > 1) {
          return attempt(user, attempts_left - 1, done);
        }
        done(fail_with<schema::User>(reason));
      });
}

void UserService::update(std::int64_t id, UserChanges changes, UserCallback done) {
  if (changes.username) {
    if (auto error = check_username(*changes.username)) {
      return done(UserResult::fail(WriteStatus::kInvalid, "username", *error));
    }
  }
  if (changes.email) {
    if (auto error = check_email(*changes.email)) {
      return done(UserResult::fail(WriteStatus::kInvalid, "email", *error));
    }
  }
  auto current = find(id);
  if (!current) return done(fail_with<schema::User>(schema::VoidReason::kUnknownUser));
  // Setting a field to what it is already is no change (and no conflict with oneself).
  if (changes.username == current->username) changes.username.reset();
  if (changes.email == current->email) changes.email.reset();
  if (!changes.username && !changes.email) return done(UserResult::done(std::move(*current)));
  const auto event = schema::make_event(
      schema::UserUpdated{.user_id = id, .username = changes.username, .email = changes.email});
  append_entity_change<schema::User>(
      view_, writer_, event, confirm_timeout_, [this, id] { return find(id); },
      schema::VoidReason::kUnknownUser, std::move(done));
}

void UserService::remove(std::int64_t id, UserCallback done) {
  auto current = find(id);
  if (!current) return done(fail_with<schema::User>(schema::VoidReason::kUnknownUser));
  const auto event = schema::make_event(schema::UserDeleted{.user_id = id});
  append_entity_change<schema::User>(
      view_, writer_, event, confirm_timeout_,
      [user = std::move(*current)] { return std::optional(user); },
      schema::VoidReason::kUnknownUser, std::move(done));
}

std::vector<schema::User> UserService::list(const PageRequest& page) const {
  return view_.read([&page](const schema::State& s) { return page_slice(s.users(), page); });
}

std::optional<schema::User> UserService::find(std::int64_t id) const {
  return view_.read([id](const schema::State& s) -> std::optional<schema::User> {
    if (const auto* u = s.user(id)) return *u;
    return std::nullopt;
  });
}

}  // namespace linkstream::api
