#pragma once
// Users: creation through the log, reads from the view.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "domain/write_result.h"
#include "linkstream/eventlog/log_writer.h"
#include "linkstream/schema/state.h"
#include "view/view.h"

namespace linkstream::api {

struct NewUser {
  std::string username;
  std::string email;
};

using UserResult = WriteResult<schema::User>;

class UserService {
 public:
  UserService(View& view, eventlog::LogWriter& writer, std::chrono::milliseconds confirm_timeout);

  // Validates, appends UserRegistered with a fresh id, and calls `done` once the view has
  // judged it (kDone or kConflict), or with kInvalid / kUnavailable. `done` runs on
  // another thread, or on this one for answers that need no log.
  void create(NewUser user, std::function<void(UserResult)> done);

  std::optional<schema::User> find(std::int64_t id) const;

 private:
  void attempt(NewUser user, int attempts_left, std::function<void(UserResult)> done);

  View& view_;
  eventlog::LogWriter& writer_;
  std::chrono::milliseconds confirm_timeout_;
};

}  // namespace linkstream::api
