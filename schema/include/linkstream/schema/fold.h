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
};

inline Verdict fold(State& state, const Event& event) {
  return Folder::apply(state, event);
}

}  // namespace linkstream::schema
