#include "domain/confirmed_append.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>

namespace linkstream::api {

void append_and_await(View& view, eventlog::LogWriter& writer, const schema::Event& event,
                      std::chrono::milliseconds timeout, AppendCallback done) {
  // The wait is registered before the event is produced, so a fold that comes before the
  // delivery report is never missed. Whichever path finishes first answers.
  struct Shared {
    std::atomic<bool> answered{false};
    AppendCallback done;
  };
  auto shared = std::make_shared<Shared>();
  shared->done = std::move(done);
  auto answer = [shared](const AppendOutcome& outcome) {
    if (!shared->answered.exchange(true)) shared->done(outcome);
  };

  const auto wait = view.await(
      event.id, std::chrono::steady_clock::now() + timeout, [answer](const WaitOutcome& outcome) {
        if (outcome.kind == WaitOutcome::Kind::kFolded) {
          answer({AppendOutcome::Kind::kFolded, outcome.verdict, {}});
        } else {
          answer({AppendOutcome::Kind::kTimedOut, {}, "the log did not confirm the write in time"});
        }
      });
  const std::string event_id = event.id;
  auto refused = writer.append(event, [&view, answer, event_id, wait](const eventlog::Delivery& d) {
    // A failed delivery is final only if the wait is still pending; if the view already
    // folded the event, its verdict stands. One that may have been written is not final:
    // the wait goes on, and ends with the fold's verdict or as unknown (kTimedOut).
    if (!d.ok && d.possibly_persisted) {
      spdlog::warn(
          "event {}: {} after it was sent; it may still be written, so its writer "
          "waits for the fold",
          event_id, d.error);
    }
    if (!d.ok && !d.possibly_persisted && view.cancel(event_id, wait)) {
      answer(
          {AppendOutcome::Kind::kLogUnavailable, {}, "the event log is unavailable: " + d.error});
    }
  });
  if (refused && view.cancel(event_id, wait)) {
    answer({AppendOutcome::Kind::kLogUnavailable, {}, *refused});
  }
}

}  // namespace linkstream::api
