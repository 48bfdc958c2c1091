#include "domain/confirmed_append.h"

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

  view.await(
      event.id, std::chrono::steady_clock::now() + timeout, [answer](const WaitOutcome& wait) {
        if (wait.kind == WaitOutcome::Kind::kFolded) {
          answer({AppendOutcome::Kind::kFolded, wait.verdict, {}});
        } else {
          answer({AppendOutcome::Kind::kTimedOut, {}, "the log did not confirm the write in time"});
        }
      });
  const std::string event_id = event.id;
  auto refused = writer.append(event, [&view, answer, event_id](const eventlog::Delivery& d) {
    // A failed delivery is final only if the wait is still pending; if the view already
    // folded the event, its verdict stands.
    if (!d.ok && view.cancel(event_id)) {
      answer(
          {AppendOutcome::Kind::kLogUnavailable, {}, "the event log is unavailable: " + d.error});
    }
  });
  if (refused && view.cancel(event_id)) {
    answer({AppendOutcome::Kind::kLogUnavailable, {}, *refused});
  }
}

}  // namespace linkstream::api
