#pragma once
// Users: every change through the log, reads from the view.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/idempotency.h"
#include "domain/write_result.h"
#include "http/pagination.h"
#include "linkstream/eventlog/log_writer.h"
#include "linkstream/schema/state.h"
#include "view/view.h"

namespace linkstream::api {

struct NewUser {
  std::string username;
  std::string email;
  std::optional<IdempotencyKey> key;  // the request's Idempotency-Key, if it had one
};

// A partial update: absent fields stay as they are.
struct UserChanges {
  std::optional<std::string> username;
  std::optional<std::string> email;
};

using UserResult = WriteResult<schema::User>;
using UserCallback = std::function<void(UserResult)>;

class UserService {
 public:
  UserService(View& view, eventlog::LogWriter& writer, std::chrono::milliseconds confirm_timeout);

  // Validates, appends UserRegistered with a fresh id, and calls `done` once the view has
  // judged it (kDone or kConflict), or with kInvalid / kUnavailable. With a key: what the
  // keyed request created, if it took effect before (or kKeyReused). `done` runs on
  // another thread, or on this one for answers that need no log.
  void create(NewUser user, UserCallback done);
  // kDone with the updated user, kNotFound, kInvalid, kConflict or kUnavailable.
  void update(std::int64_t id, UserChanges changes, UserCallback done);
  // kDone with the user as it was, kNotFound or kUnavailable.
  void remove(std::int64_t id, UserCallback done);

  std::optional<schema::User> find(std::int64_t id) const;
  // Ascending id.
  std::vector<schema::User> list(const PageRequest& page) const;

 private:
  void attempt(NewUser user, int attempts_left, UserCallback done);

  View& view_;
  eventlog::LogWriter& writer_;
  std::chrono::milliseconds confirm_timeout_;
};

}  // namespace linkstream::api
