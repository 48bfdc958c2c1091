#include "domain/user_service.h"

#include "domain/confirmed_append.h"
#include "domain/validation.h"

namespace linkstream::api {

namespace {

constexpr int kIdAttempts = 5;

std::optional<UserResult> conflict_in(const schema::State& state, const NewUser& user) {
  if (state.user_by_email(user.email)) {
    return UserResult::fail(WriteStatus::kConflict, "email", "email is already registered");
  }
  if (state.username_taken(user.username)) {
    return UserResult::fail(WriteStatus::kConflict, "username", "username is already taken");
  }
  return std::nullopt;
}

}  // namespace

UserService::UserService(View& view, eventlog::LogWriter& writer,
                         std::chrono::milliseconds confirm_timeout)
    : view_(view), writer_(writer), confirm_timeout_(confirm_timeout) {}

void UserService::create(NewUser user, std::function<void(UserResult)> done) {
  if (auto error = check_username(user.username)) {
    return done(UserResult::fail(WriteStatus::kInvalid, "username", *error));
  }
  if (auto error = check_email(user.email)) {
    return done(UserResult::fail(WriteStatus::kInvalid, "email", *error));
  }
  // The view makes conflicts rare; the log's order is what decides them.
  if (auto conflict = view_.read([&](const schema::State& s) { return conflict_in(s, user); })) {
    return done(std::move(*conflict));
  }
  attempt(std::move(user), kIdAttempts, std::move(done));
}

void UserService::attempt(NewUser user, int attempts_left, std::function<void(UserResult)> done) {
  const std::int64_t id = view_.next_user_id();
  const auto event = schema::make_event(schema::UserRegistered{
      .user_id = id, .username = user.username, .email = user.email, .created_at = schema::now()});
  append_and_await(
      view_, writer_, event, confirm_timeout_,
      [this, user, attempts_left, id, done](const AppendOutcome& outcome) {
        if (outcome.kind != AppendOutcome::Kind::kFolded) {
          return done(UserResult::fail(WriteStatus::kUnavailable, "", outcome.error));
        }
        switch (outcome.verdict.reason) {
          case schema::VoidReason::kNone:
            if (auto created = find(id)) return done(UserResult::done(std::move(*created)));
            return done(UserResult::fail(WriteStatus::kUnavailable, "", "the user vanished"));
          case schema::VoidReason::kUserIdTaken:
            // Another replica took this id first: try the next one, unseen by the client.
            if (attempts_left > 1) return attempt(user, attempts_left - 1, done);
            return done(UserResult::fail(WriteStatus::kUnavailable, "", "no free user id; retry"));
          case schema::VoidReason::kEmailTaken:
            return done(
                UserResult::fail(WriteStatus::kConflict, "email", "email is already registered"));
          case schema::VoidReason::kUsernameTaken:
            return done(
                UserResult::fail(WriteStatus::kConflict, "username", "username is already taken"));
          default:
            return done(UserResult::fail(WriteStatus::kUnavailable, "",
                                         std::string(schema::describe(outcome.verdict.reason))));
        }
      });
}

std::optional<schema::User> UserService::find(std::int64_t id) const {
  return view_.read([id](const schema::State& s) -> std::optional<schema::User> {
    if (const auto* u = s.user(id)) return *u;
    return std::nullopt;
  });
}

}  // namespace linkstream::api
