#pragma once
// Where a replica keeps the snapshot of its view: one file, replaced atomically (written
// beside it, flushed to disk, renamed over it), so a crash leaves the old snapshot or the
// new one, never half of one.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "linkstream/schema/snapshot.h"

namespace linkstream::api {

class SnapshotStore {
 public:
  explicit SnapshotStore(std::filesystem::path file) : file_(std::move(file)) {}

  // The snapshot in the file; nullopt when there is none or it cannot be read (logged: the
  // view then folds from offset 0).
  std::optional<schema::Snapshot> load() const;

  // Replaces the file with `bytes` (an encoded snapshot). Throws std::runtime_error.
  //
  // With `bytes_per_second` > 0 the bytes go to the disk at most that fast, a MiB at a
  // time, each MiB sent to the disk before the next is written: a snapshot of a million
  // URLs is 125 MB, and written and flushed at once it filled this machine's disk queue
  // for seconds, stalling Kafka's and PostgreSQL's writes (and every answer waiting on
  // them) behind it. 0 writes at once (the snapshot on the way out, where time counts).
  void save(const std::string& bytes, std::size_t bytes_per_second = 0) const;

  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
};

}  // namespace linkstream::api
