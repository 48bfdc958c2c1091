#include "spool/click_relay.h"

#include <spdlog/spdlog.h>

namespace linkstream::api {

using Clock = std::chrono::steady_clock;

namespace {
// How long a relay that has caught up waits before it reads again: bounds its wake-ups to
// a few hundred a second and adds that much to a click's way into Kafka.
constexpr auto kBatchLinger = std::chrono::milliseconds(2);
}  // namespace

ClickRelay::ClickRelay(ClickSpool& spool, eventlog::LogWriter& writer, std::size_t max_in_flight)
    : spool_(spool), writer_(writer), max_in_flight_(max_in_flight) {
  confirmed_ = marked_ = spool_.shipped();
}

ClickRelay::~ClickRelay() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void ClickRelay::start() {
  thread_ = std::thread([this] { run(); });
}

std::uint64_t ClickRelay::last_mark() const {
  return spool_.end().mark();
}

bool ClickRelay::settled_up_to(std::uint64_t mark) const {
  std::lock_guard lock(mutex_);
  return confirmed_.mark() >= mark;
}

eventlog::PartitionEnds ClickRelay::confirmed_ends() const {
  return writer_.confirmed_ends();
}

double ClickRelay::oldest_unshipped_age_seconds() const {
  std::lock_guard lock(mutex_);
  if (in_flight_.empty()) return 0;
  return std::chrono::duration<double>(Clock::now() - in_flight_.front().read_at).count();
}

void ClickRelay::settle(std::size_t sequence, bool ok) {
  std::lock_guard lock(mutex_);
  if (sequence < first_sequence_ || sequence - first_sequence_ >= in_flight_.size()) return;
  auto& entry = in_flight_[sequence - first_sequence_];
  entry.settled = true;
  entry.ok = ok;
  if (!ok) failed_ = true;
  commit_confirmed_prefix();
}

// With the mutex held: drops the settled records at the front, moving `confirmed_` over
// them as long as no delivery has failed (after a failure, everything from the marker on
// is shipped again).
void ClickRelay::commit_confirmed_prefix() {
  while (!in_flight_.empty() && in_flight_.front().settled) {
    if (in_flight_.front().ok && !failed_) confirmed_ = in_flight_.front().end;
    in_flight_.pop_front();
    ++first_sequence_;
  }
}

void ClickRelay::run() {
  ClickSpool::Position cursor = confirmed_;
  auto last_marker_write = Clock::now();
  auto backoff = std::chrono::milliseconds(500);
  while (!stopping_) {
    bool rewind = false;
    std::size_t room = 0;
    {
      std::lock_guard lock(mutex_);
      if (failed_ && in_flight_.empty()) {
        failed_ = false;
        rewind = true;
      }
      room = failed_ ? 0 : max_in_flight_ - std::min(max_in_flight_, in_flight_.size());
    }
    if (rewind) {
      // Ship again from the last confirmed record; the projector drops what arrives twice.
      {
        std::lock_guard lock(mutex_);
        cursor = confirmed_;
      }
      spdlog::warn("click relay: a delivery failed; shipping again from the marker in {} ms",
                   backoff.count());
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(10000));
      continue;
    }
    auto records = room ? spool_.read(cursor, room) : std::vector<ClickSpool::Record>{};
    for (auto& record : records) {
      std::size_t sequence;
      {
        std::lock_guard lock(mutex_);
        sequence = next_sequence_++;
        in_flight_.push_back({record.end, Clock::now(), false});
      }
      cursor = record.end;
      if (record.payload.empty()) {  // not a record (a damaged line): nothing to ship
        settle(sequence, true);
        continue;
      }
      auto refused =
          writer_.append_encoded(schema::Topic::kClicks, record.key, record.payload,
                                 [this, sequence](const eventlog::Delivery& d) {
                                   if (!d.ok)
                                     spdlog::warn("click relay: delivery failed: {}", d.error);
                                   settle(sequence, d.ok);
                                 });
      if (refused) {
        spdlog::warn("click relay: {}", *refused);
        settle(sequence, false);
        break;
      }
    }
    ClickSpool::Position confirmed;
    {
      std::lock_guard lock(mutex_);
      confirmed = confirmed_;
      if (!failed_ && in_flight_.empty()) backoff = std::chrono::milliseconds(500);
    }
    if (confirmed != marked_ && Clock::now() - last_marker_write > std::chrono::milliseconds(100)) {
      try {
        spool_.mark_shipped(confirmed);
        marked_ = confirmed;
        last_marker_write = Clock::now();
      } catch (const std::exception& e) {
        spdlog::error("click relay: {}", e.what());
      }
    }
    if (records.empty() && room) {
      // Nothing to ship: wait for the next click (in the segment being written, not in a
      // finished one, or the wait would end at once).
      cursor = spool_.skip_finished(cursor);
      {
        // With nothing in flight and no failure, everything before the cursor is in Kafka;
        // the cursor may have moved past finished segments without a record (a restarted
        // api writes a new segment). Without this, a relay that has shipped nothing since
        // the restart never counts as settled, and every listing waits out its budget.
        std::lock_guard lock(mutex_);
        if (in_flight_.empty() && !failed_ && confirmed_ < cursor) confirmed_ = cursor;
      }
      spool_.wait_for_records(cursor, std::chrono::milliseconds(20));
    } else if (records.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the window is full
    } else if (records.size() < room) {
      // Caught up with the spool: let the next records gather instead of waking for each
      // (a redirect-heavy load otherwise woke this thread once per click).
      std::this_thread::sleep_for(kBatchLinger);
    }
  }
  // Settle what is in flight, and keep the marker as far as Kafka confirmed.
  writer_.flush(std::chrono::seconds(10));
  std::lock_guard lock(mutex_);
  try {
    if (confirmed_ != marked_) spool_.mark_shipped(confirmed_);
  } catch (const std::exception& e) {
    spdlog::error("click relay: {}", e.what());
  }
}

}  // namespace linkstream::api
