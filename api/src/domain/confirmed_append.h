#pragma once
// Appends one event to the log and reports what the log decided about it: the fold's
// verdict once this replica's view has folded the event, or why it never got there.
//
// This is how every write of the api gets its answer: the client hears 201 or 409 only
// after its event has a position in the log and the view has judged it there.

#include <chrono>
#include <functional>
#include <string>

#include "linkstream/eventlog/log_writer.h"
#include "linkstream/schema/events.h"
#include "view/view.h"

namespace linkstream::api {

struct AppendOutcome {
  enum class Kind {
    kFolded,          // the event is in the log; `verdict` says whether it took effect
    kLogUnavailable,  // Kafka did not take the event; it is not in the log
    // Unknown: Kafka did not confirm it in time (it may still be written: a delivery that
    // timed out after the event was sent), or took it and the view did not fold it in time.
    kTimedOut,
  };
  Kind kind = Kind::kFolded;
  schema::Verdict verdict;
  std::string error;  // when not kFolded
};

using AppendCallback = std::function<void(const AppendOutcome&)>;

// Calls `done` exactly once, from the view's or the writer's thread; `done` must not block.
void append_and_await(View& view, eventlog::LogWriter& writer, const schema::Event& event,
                      std::chrono::milliseconds timeout, AppendCallback done);

}  // namespace linkstream::api
