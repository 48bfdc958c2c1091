#pragma once
// Reads the log for GET /events/stream: a long poll. A read starts at a client's cursor,
// gathers the events that pass its filter, and ends as soon as it has some (or `limit`),
// or when `wait` has passed with none; the client then asks again with the cursor of the
// last event it got. Kafka is read directly (never PostgreSQL, which may lag or be down),
// by a few readers of its own, so a waiting client never holds an HTTP worker.
//
// A read that finds the log unreachable keeps its cursor: it ends after `wait` with no
// events and the cursor it was given, and nothing is skipped. Payloads no reader of this
// release can decode (the projector's dead letters) are passed over, and the cursor moves
// past them.
//
// Thread-safe. Answers run on the readers' threads.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "linkstream/eventlog/log_reader.h"
#include "stream/stream_cursor.h"
#include "stream/stream_filter.h"

namespace linkstream::api {

struct StreamRead {
  StreamCursor after;
  bool from_end = false;  // start at the end of the log instead (only new events)
  StreamFilter filter;
  std::size_t limit = 100;
  std::chrono::milliseconds wait{20'000};
};

struct StreamedEvent {
  schema::Topic topic{};
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string type;
  std::string payload;  // the message as it is in the log (one JSON object)
  std::string cursor;   // resume here to get the events after this one
};

struct StreamBatch {
  enum class Outcome {
    kRead,         // events (maybe none, when `wait` passed)
    kUnreachable,  // the log did not say how many partitions it has: nothing was read
  };
  Outcome outcome = Outcome::kRead;
  std::vector<StreamedEvent> events;
  std::string cursor;  // after every event read, those the filter passed over included
};

class EventStream {
 public:
  struct Options {
    std::string brokers;
    std::string client_id;
    int readers = 4;  // reads served at once; as many more may wait for a reader
  };

  EventStream(Options options, OwnerOf owner_of);
  ~EventStream();  // stop()
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  // Queues the read; `done` runs once, on a reader's thread. False (and `done` never
  // runs) when as many reads wait as there are readers: the caller answers 503.
  bool read(StreamRead request, std::function<void(StreamBatch)> done);

  // Reads in progress end now with what they have; queued and later ones end at once
  // (the api is shutting down). Idempotent.
  void stop();

  static constexpr std::size_t kMaxLimit = 1000;
  static constexpr std::chrono::seconds kMaxWait{30};

 private:
  struct Pending {
    StreamRead request;
    std::function<void(StreamBatch)> done;
  };

  void serve(int reader_number);
  StreamBatch run(eventlog::LogReader& reader, const StreamRead& request);
  // Partitions of each topic, learnt once; nullopt when the broker does not answer.
  std::optional<std::int32_t> partitions(eventlog::LogReader& reader, schema::Topic topic);

  Options options_;
  OwnerOf owner_of_;
  std::mutex mutex_;
  std::condition_variable work_;
  std::deque<Pending> queue_;
  std::map<schema::Topic, std::int32_t> partition_counts_;  // under mutex_
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

}  // namespace linkstream::api
