#pragma once
// The api's local spool of clicks: a click is appended here before its 302 is written, so
// a click the client saw cannot be lost by a crash of the api. A write to the page cache
// survives a killed process; a syncer thread makes it durable on disk every
// `sync_interval`, which bounds what a crash of the whole machine can lose.
//
// Layout: numbered segment files (clicks-000001.log, ...), one record per line,
// "<key>\t<encoded event>\t<check>\n", and a marker file ("shipped") with the position up
// to which the relay has had every record confirmed by Kafka. A restarted api starts a new
// segment and its relay resumes at the marker; fully shipped segments are deleted, but one
// of them is kept and written over as a later segment (see below).
//
// Why segments are reused: a deleted segment gives its page-cache pages back to the kernel,
// and the next segment takes fresh ones, which the kernel zeroes under the write(2) of a
// click (and which, on a virtual machine that hands free memory back to its host, cost a
// fault on the host the first time: 40 µs a page measured here). Written over, the pages
// are already there (docs/performance.md). A reused file still holds the records of its
// earlier use after the end of the new ones, so every record carries its check: the CRC-32
// of "<key>\t<encoded event>" XOR the segment's number, as 8 hex digits. After a crash the
// segment ends after its last line whose check holds: what follows is a line cut short or
// the earlier use's records (another number). A line that fails its check before that (a
// page the disk did not keep after a crash of the machine) is not shipped; the rest are.
//
// Segments written before checks existed (clicks-000001.spool, "<key>\t<event>\n") are
// still read and shipped, and deleted once shipped, never reused.
//
// Thread-safe: appends come from Pistache's workers, reads and marks from the relay.

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace linkstream::api {

class ClickSpool {
 public:
  struct Options {
    std::string directory;
    std::chrono::milliseconds sync_interval{200};
    std::uint64_t segment_bytes = 64ull << 20;
    // How the syncer flushes the segment being written (fdatasync; tests make it fail).
    std::function<int(int fd)> sync_file = ::fdatasync;
  };

  // A place in the spool. Ordered; `mark()` packs it into one growing number.
  struct Position {
    std::uint64_t segment = 0;
    std::uint64_t offset = 0;
    auto operator<=>(const Position&) const = default;
    std::uint64_t mark() const { return (segment << 40) | offset; }
  };

  struct Record {
    std::string key;
    std::string payload;
    Position end;  // where the next record starts
  };

  // Creates the directory if needed, locks it for this process, and opens a new segment
  // after any existing ones. Throws std::runtime_error naming the path when the directory
  // cannot be used, or when another process holds it.
  explicit ClickSpool(Options options);
  // Syncs and closes.
  ~ClickSpool();

  // Appends one record. Returns false (with `error`) when the disk refused it; the
  // caller must then not claim the click was recorded.
  bool append(std::string_view key, std::string_view payload, std::string* error);

  // The end of what has been appended so far.
  Position end() const;
  // Up to `max` complete records from `from` on, crossing into later segments (at most
  // 1 MiB of one segment per call).
  std::vector<Record> read(Position from, std::size_t max) const;
  // `from`, moved past segments that were read to their end and will not grow (older than
  // the one being written), so that a reader at the end of one waits on the next.
  Position skip_finished(Position from) const;
  // Waits until something is appended after `from`, or `timeout` passes. Appends wake a
  // reader only while one waits here, so a busy spool costs no wake-up per record.
  void wait_for_records(Position from, std::chrono::milliseconds timeout) const;

  // The relay's marker: every record before it is in Kafka.
  Position shipped() const;
  // Persists the marker (atomically: write, fsync, rename) and deletes segments wholly
  // before it (keeping one to write over). When it is at the end of the segment being written and
  // that holds at least segment_bytes / 8, the next append starts a new segment, so that the next
  // mark can delete this one. Throws std::runtime_error when the disk refuses.
  void mark_shipped(Position position);

  // Bytes appended but not yet shipped, over all segments.
  std::uint64_t unshipped_bytes() const;
  // Syncs to disk that failed. After one, append() refuses every click (so that no 302
  // claims a click the disk may not keep) until a sync succeeds again.
  std::uint64_t sync_failures() const { return sync_failures_; }

  ClickSpool(const ClickSpool&) = delete;
  ClickSpool& operator=(const ClickSpool&) = delete;

 private:
  std::string segment_path(std::uint64_t segment) const;
  std::string reusable_path() const;
  // The length of a segment's records found by a restart (the rest is cut off): for a
  // checked segment, up to the end of its last line whose check holds; for an older one, up
  // to its last '\n'.
  std::uint64_t recovered_length(std::uint64_t segment, int fd, std::uint64_t size) const;
  void open_segment(std::uint64_t segment);
  // Keeps a fully shipped segment's file to write over, if none is kept yet; false when
  // it is to be deleted instead.
  bool keep_to_reuse(std::uint64_t segment);
  // Whether the kept file was kept recently enough to be written over (reusable_since_).
  bool reusable_is_fresh() const;
  void parse_records(std::uint64_t segment, std::uint64_t offset, std::string_view bytes,
                     std::size_t max, std::vector<Record>* records, std::size_t* consumed) const;
  void sync_loop();

  Options options_;
  mutable std::mutex mutex_;  // guards the writer's file and the segment sizes
  mutable std::condition_variable appended_;
  mutable int waiting_readers_ = 0;  // guarded by mutex_
  int fd_ = -1;
  int lock_fd_ = -1;  // holds flock(LOCK_EX) on <directory>/lock while the spool lives
  std::uint64_t current_segment_ = 0;
  std::map<std::uint64_t, std::uint64_t> segment_sizes_;  // every segment not yet deleted
  Position shipped_;
  // Segments without checks, found at start (never changed afterwards, so read unlocked).
  std::set<std::uint64_t> unchecked_segments_;
  std::uint64_t first_own_segment_ = 0;  // the first this process wrote (set at start)
  // Whether a shipped segment's file waits at reusable_path() to be written over, and since
  // when: one left unused for long may have lost its pages, and a write over a page that is
  // not in memory reads it from disk first, in the redirect.
  bool reusable_ = false;
  std::chrono::steady_clock::time_point reusable_since_;

  // The reader's open segment, kept across reads (one reader at a time: the relay).
  mutable std::mutex read_mutex_;
  mutable int read_fd_ = -1;
  mutable std::uint64_t read_segment_ = 0;
  mutable std::unique_ptr<char[]> read_buffer_;  // kReadBytes, made at the first read

  std::atomic<bool> stopping_{false};
  std::atomic<bool> disk_failed_{false};
  std::string disk_error_;  // guarded by mutex_
  std::atomic<std::uint64_t> sync_failures_{0};
  mutable std::chrono::steady_clock::time_point last_read_error_log_;  // under read_mutex_
  std::thread syncer_;
};

}  // namespace linkstream::api
