#pragma once
// An open-loop load: requests sent on a fixed schedule over a fixed set of keep-alive
// connections, whatever the server's answers do.
//
// Request i is due at start + i / rate. Its latency is measured from that due time, not
// from when a connection was free to send it: a server that stalls makes the requests
// queued behind the stall late, and their lateness is counted (no coordinated omission,
// the mistake of closed-loop generators such as wrk, whose clients simply wait).
// One thread and epoll: the generator costs a few microseconds a request, so on the
// server's own cores it takes little of what it measures (vegeta took 180 µs a request
// here, more than the server it measured). It wakes at most once per `min_wake`: woken
// for every due time and every answer, at 25,000 requests a second it spent 17 µs a
// request, most of it in context switches, as much as the api it measured. A request sent
// up to `min_wake` after its due time and an answer read up to `min_wake` after it came
// count that wait as latency: the figures are bounds from above, never flattered.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "targets.h"

namespace linkstream::load {

struct OpenLoopOptions {
  std::string host = "127.0.0.1";
  int port = 0;
  double rate = 1000;  // requests per second
  std::chrono::milliseconds duration{10000};
  int connections = 100;
  std::chrono::milliseconds timeout{5000};  // from the due time; counted and not waited for
  std::chrono::microseconds min_wake{100};  // the least time between two wake-ups
};

struct OpenLoopReport {
  std::uint64_t due = 0;        // requests the schedule called for
  std::uint64_t answered = 0;   // answers received (any status)
  std::uint64_t failed = 0;     // connection errors and malformed answers
  std::uint64_t timed_out = 0;  // no answer within the timeout
  double seconds = 0;           // from the first due time to the last answer
  std::map<int, std::uint64_t> statuses;
  // Latencies in microseconds from the due time, per label, of every answer received.
  std::vector<std::vector<std::int64_t>> latencies_us;
  // The slowest answer, in microseconds, of the requests due in each second of the run:
  // says whether a tail is spread over the run or one stall (a snapshot, a pause).
  std::vector<std::int64_t> worst_us_by_second;
};

// Runs the load against options.host:options.port, cycling through targets.requests.
// Throws std::runtime_error when no connection can be made at all.
OpenLoopReport run_open_loop(const OpenLoopOptions& options, const Targets& targets);

}  // namespace linkstream::load
