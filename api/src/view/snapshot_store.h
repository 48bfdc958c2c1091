#pragma once
// Where a replica keeps the snapshot of its view: one file, replaced atomically (written
// beside it, flushed to disk, renamed over it), so a crash leaves the old snapshot or the
// new one, never half of one.

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
  void save(const std::string& bytes) const;

  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
};

}  // namespace linkstream::api
