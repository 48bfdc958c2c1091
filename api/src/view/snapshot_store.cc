#include "view/snapshot_store.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

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

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  const int error = errno;
  throw std::runtime_error(what + " " + path + ": " + std::strerror(error));
}

void write_all(int fd, const char* data, std::size_t size, const std::string& path) {
  std::size_t written = 0;
  while (written < size) {
    const auto n = ::write(fd, data + written, size - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write", path);
    written += static_cast<std::size_t>(n);
  }
}

// Starts the disk write of [offset, offset + length) and waits for it: dirty pages never
// pile up beyond one chunk, so other processes' writes and fsyncs are not queued behind
// a hundred megabytes of ours.
void write_back(int fd, std::size_t offset, std::size_t length, const std::string& path) {
  const unsigned flags =
      SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER;
  if (::sync_file_range(fd, static_cast<off64_t>(offset), static_cast<off64_t>(length), flags) !=
      0) {
    fail("cannot write back", path);
  }
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

void SnapshotStore::save(const std::string& bytes, std::size_t bytes_per_second) const {
  std::filesystem::create_directories(file_.parent_path());
  const auto temporary = file_.string() + ".new";
  Fd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0) fail("cannot write", temporary);

  if (bytes_per_second == 0) {
    write_all(fd.get(), bytes.data(), bytes.size(), temporary);
  } else {
    constexpr std::size_t kChunk = 1 << 20;
    const auto started = std::chrono::steady_clock::now();
    for (std::size_t offset = 0; offset < bytes.size(); offset += kChunk) {
      const auto length = std::min(kChunk, bytes.size() - offset);
      write_all(fd.get(), bytes.data() + offset, length, temporary);
      write_back(fd.get(), offset, length, temporary);
      const auto due =
          started + std::chrono::microseconds((offset + length) * 1'000'000 / bytes_per_second);
      std::this_thread::sleep_until(due);
    }
  }
  if (::fdatasync(fd.get()) != 0) fail("cannot flush", temporary);
  std::filesystem::rename(temporary, file_);
  // The rename is durable once the directory is: until then a crash may bring back the
  // previous snapshot, which is still a whole one.
  Fd directory(::open(file_.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (directory.get() < 0) fail("cannot open", file_.parent_path().string());
  if (::fsync(directory.get()) != 0) fail("cannot flush", file_.parent_path().string());
}

}  // namespace linkstream::api
