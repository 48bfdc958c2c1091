#pragma once
// The common tail of an update or delete: append the event, then answer from the verdict.

#include <chrono>
#include <functional>
#include <optional>

#include "domain/confirmed_append.h"
#include "domain/void_meaning.h"

namespace linkstream::api {

// Appends `event` and calls `done` once: with the entity `read_back()` gives when the fold
// accepted it, with the verdict's meaning when it was void, or kUnavailable when the log
// did not take it. `read_back` runs on the view's thread and must not block.
template <typename Entity>
void append_entity_change(View& view, eventlog::LogWriter& writer, const schema::Event& event,
                          std::chrono::milliseconds timeout,
                          std::function<std::optional<Entity>()> read_back,
                          schema::VoidReason if_gone,
                          std::function<void(WriteResult<Entity>)> done) {
  append_and_await(
      view, writer, event, timeout, [read_back, if_gone, done](const AppendOutcome& outcome) {
        if (outcome.kind != AppendOutcome::Kind::kFolded) {
          return done(WriteResult<Entity>::fail(WriteStatus::kUnavailable, "", outcome.error));
        }
        if (!outcome.verdict.accepted()) return done(fail_with<Entity>(outcome.verdict.reason));
        if (auto entity = read_back()) return done(WriteResult<Entity>::done(std::move(*entity)));
        done(fail_with<Entity>(if_gone));  // changed again (deleted) before we could read it
      });
}

}  // namespace linkstream::api
