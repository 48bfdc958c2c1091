#include "view/snapshot_store.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace linkstream::api {

std::optional<schema::Snapshot> SnapshotStore::load() const {
  std::ifstream in(file_, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::string error;
  auto snapshot = schema::decode_snapshot(bytes.str(), &error);
  if (!snapshot) spdlog::warn("view: ignoring snapshot {}: {}", file_.string(), error);
  return snapshot;
}

void SnapshotStore::save(const std::string& bytes) const {
  std::filesystem::create_directories(file_.parent_path());
  const auto temporary = file_.string() + ".new";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + temporary + ": " + std::strerror(errno));
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      throw std::runtime_error("cannot write " + temporary + ": " + why);
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fdatasync(fd) == 0;
  ::close(fd);
  if (!synced) throw std::runtime_error("cannot flush " + temporary + ": " + std::strerror(errno));
  std::filesystem::rename(temporary, file_);
}

}  // namespace linkstream::api
