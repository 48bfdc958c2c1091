#pragma once
// The fold: the one place that decides what an event does to the State.
//
// Log order decides conflicts. An event whose precondition does not hold where it stands
// in the log (a second claim on an e-mail, a short code or an id) is void: it changes
// nothing, for every reader. The api answers its client from this verdict (201 or 409),
// the projector records the void event for operators. Deterministic: no clock, no
// randomness, no I/O.

#include <string_view>

#include "linkstream/schema/events.h"
#include "linkstream/schema/state.h"

namespace linkstream::schema {

enum class VoidReason {
  kNone,
  kUserIdTaken,
  kEmailTaken,
  kUsernameTaken,
  kUrlIdTaken,
  kShortCodeTaken,
  kUnknownUser,  // an update or delete of a user that does not exist (any more)
  kUnknownUrl,   // an update or delete of a URL that does not exist (any more)
  // A keyed request (one with a request digest) whose event id an accepted event had
  // already: the same request again (a client's retry), which must not take effect twice.
  kRepeatedRequest,
};

// "email_taken", ... (stable: written into voided_events.reason).
std::string_view describe(VoidReason reason);

struct Verdict {
  VoidReason reason = VoidReason::kNone;
  bool accepted() const { return reason == VoidReason::kNone; }
};

class Folder {
 public:
  // Applies `event` to `state` if its preconditions hold there; returns the verdict.
  static Verdict apply(State& state, const Event& event);

 private:
  static Verdict apply_body(State& state, const Event& event);
  static void remember_keyed_request(State& state, const Event& event);
  static Verdict add_user(State& state, const User& user, bool is_import);
  static Verdict update_user(State& state, const UserUpdated& update);
  static Verdict delete_user(State& state, std::int64_t user_id);
  static Verdict add_url(State& state, const Url& url);
  static Verdict update_url(State& state, const UrlUpdated& update);
  static Verdict delete_url(State& state, std::int64_t url_id);
};

inline Verdict fold(State& state, const Event& event) {
  return Folder::apply(state, event);
}

}  // namespace linkstream::schema
