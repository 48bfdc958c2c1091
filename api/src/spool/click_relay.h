#pragma once
// Ships the click spool to Kafka and remembers what it shipped.
//
// The relay reads records from the spool's marker on, appends them through an idempotent
// producer of its own (acks=all, a long delivery timeout: while Kafka is away the spool
// grows on disk and the producer retries), and moves the marker over the longest run of
// records Kafka has confirmed. After a failed delivery it waits for what is in flight and
// starts again from the marker: a click may then be shipped twice, and the projector
// counts it once (it knows the click's event id).

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <thread>

#include "linkstream/eventlog/log_writer.h"
#include "linkstream/eventlog/own_writes.h"
#include "spool/click_spool.h"

namespace linkstream::api {

class ClickRelay : public eventlog::OwnWrites {
 public:
  // `writer` is the relay's own; both must outlive the relay.
  ClickRelay(ClickSpool& spool, eventlog::LogWriter& writer, std::size_t max_in_flight = 10000);
  // Stops after the records in flight are settled (or 10 s).
  ~ClickRelay() override;

  void start();

  // OwnWrites: marks are spool positions.
  std::uint64_t last_mark() const override;
  bool settled_up_to(std::uint64_t mark) const override;
  eventlog::PartitionEnds confirmed_ends() const override;

  // Seconds since the oldest unshipped click was spooled (0 when none is waiting).
  double oldest_unshipped_age_seconds() const;

  ClickRelay(const ClickRelay&) = delete;
  ClickRelay& operator=(const ClickRelay&) = delete;

 private:
  struct InFlight {
    ClickSpool::Position end;
    std::chrono::steady_clock::time_point read_at;
    bool settled = false;
    bool ok = false;
  };
  void run();
  void settle(std::size_t sequence, bool ok);
  void commit_confirmed_prefix();

  ClickSpool& spool_;
  eventlog::LogWriter& writer_;
  std::size_t max_in_flight_;

  mutable std::mutex mutex_;
  std::deque<InFlight> in_flight_;  // in spool order
  std::size_t first_sequence_ = 0;  // the sequence number of in_flight_.front()
  std::size_t next_sequence_ = 0;
  bool failed_ = false;             // a delivery failed: drain, then ship again from confirmed_
  ClickSpool::Position confirmed_;  // every record before it is in Kafka
  ClickSpool::Position marked_;     // what the marker file says

  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace linkstream::api
