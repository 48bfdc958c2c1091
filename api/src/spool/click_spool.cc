#include "spool/click_spool.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace linkstream::api {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMarkerName = "shipped";

std::uint64_t segment_number(const fs::path& path) {
  // clicks-000123.spool
  const auto name = path.filename().string();
  if (name.rfind("clicks-", 0) != 0 || path.extension() != ".spool") return 0;
  return std::strtoull(name.c_str() + 7, nullptr, 10);
}

std::runtime_error system_error(const std::string& what, const std::string& path) {
  const int error = errno;
  return std::runtime_error(what + " " + path + ": " + std::strerror(error));
}

// A new or renamed file is on disk only once its directory is.
void sync_directory(const std::string& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw system_error("cannot open the click spool", directory);
  if (::fsync(fd) != 0) {
    const auto failure = system_error("cannot flush", directory);
    ::close(fd);
    throw failure;
  }
  ::close(fd);
}

}  // namespace

ClickSpool::ClickSpool(Options options) : options_(std::move(options)) {
  std::error_code error;
  fs::create_directories(options_.directory, error);
  if (error)
    throw std::runtime_error("cannot create the click spool " + options_.directory + ": " +
                             error.message());
  // One process per spool: a second one would ship the first one's segments, mark them
  // shipped and delete them under it (seen with two replicas given one replica id).
  const auto lock_path = (fs::path(options_.directory) / "lock").string();
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) throw system_error("cannot open the click spool's lock", lock_path);
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd_);
    throw std::runtime_error("the click spool " + options_.directory +
                             " is in use by another process: give each replica its own "
                             "LINKSTREAM_REPLICA_ID (or LINKSTREAM_SPOOL_DIR)");
  }
  std::uint64_t last = 0;
  for (const auto& entry : fs::directory_iterator(options_.directory)) {
    if (const auto number = segment_number(entry.path())) {
      segment_sizes_[number] = entry.file_size();
      last = std::max(last, number);
    }
  }
  std::ifstream marker(fs::path(options_.directory) / kMarkerName);
  if (!(marker >> shipped_.segment >> shipped_.offset))
    shipped_ = {segment_sizes_.empty() ? last + 1 : segment_sizes_.begin()->first, 0};
  // A partial last line (a crash mid-write) is cut off, so records always end in '\n'.
  for (auto& [number, size] : segment_sizes_) {
    std::string tail;
    const auto path = segment_path(number);
    int fd = ::open(path.c_str(), O_RDWR);
    if (fd < 0) {
      // Left in place: the relay stops there and says so, rather than skip its clicks.
      spdlog::error("click spool: cannot open {}: {}", path, std::strerror(errno));
      continue;
    }
    std::uint64_t good = size;
    while (good > 0) {
      char c;
      if (::pread(fd, &c, 1, static_cast<off_t>(good - 1)) != 1 || c == '\n') break;
      --good;
    }
    if (good != size) {
      spdlog::warn("click spool: cutting a partial record at the end of {}", path);
      if (::ftruncate(fd, static_cast<off_t>(good)) != 0)
        spdlog::error("click spool: cannot truncate {}", path);
      size = good;
    }
    ::close(fd);
  }
  open_segment(last + 1);
  syncer_ = std::thread([this] { sync_loop(); });
}

ClickSpool::~ClickSpool() {
  stopping_ = true;
  syncer_.join();
  if (read_fd_ >= 0) ::close(read_fd_);
  std::lock_guard lock(mutex_);
  if (fd_ >= 0) {
    if (::fdatasync(fd_) != 0)
      spdlog::error("click spool: cannot flush {}: {}", segment_path(current_segment_),
                    std::strerror(errno));
    ::close(fd_);
  }
  ::close(lock_fd_);  // releases the lock
}

std::string ClickSpool::segment_path(std::uint64_t segment) const {
  char name[32];
  std::snprintf(name, sizeof name, "clicks-%06llu.spool", static_cast<unsigned long long>(segment));
  return (fs::path(options_.directory) / name).string();
}

void ClickSpool::open_segment(std::uint64_t segment) {
  const auto path = segment_path(segment);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) throw system_error("cannot open the click spool segment", path);
  try {
    sync_directory(options_.directory);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (fd_ >= 0) {
    if (::fdatasync(fd_) != 0) {
      const auto failure =
          system_error("cannot flush the click spool segment", segment_path(current_segment_));
      ::close(fd);
      throw failure;
    }
    ::close(fd_);
  }
  fd_ = fd;
  current_segment_ = segment;
  segment_sizes_[segment] = 0;
}

bool ClickSpool::append(std::string_view key, std::string_view payload, std::string* error) {
  std::string line;
  line.reserve(key.size() + payload.size() + 2);
  line.append(key).append(1, '\t').append(payload).append(1, '\n');
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (disk_failed_) {
      // The page cache would take the click, but nothing says the disk ever will: a 302
      // would promise what the spool cannot keep.
      if (error) *error = disk_error_;
      return false;
    }
    if (segment_sizes_[current_segment_] >= options_.segment_bytes) {
      try {
        open_segment(current_segment_ + 1);
      } catch (const std::exception& e) {
        if (error) *error = e.what();
        return false;
      }
    }
    // One write(2) of the whole line: a killed process leaves a record whole or not at all
    // (a partial line from a crash of the machine is cut at the next start). A short write
    // (a disk about to be full) goes on with the rest, which either fits or says why not.
    std::size_t written = 0;
    int failure = 0;
    while (written < line.size() && failure == 0) {
      const ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
      } else if (n == 0 || errno != EINTR) {
        failure = n == 0 ? EIO : errno;
      }
    }
    if (failure != 0) {
      if (error) *error = std::string("cannot write the click spool: ") + std::strerror(failure);
      if (written > 0 &&
          ::ftruncate(fd_, static_cast<off_t>(segment_sizes_[current_segment_])) != 0) {
        spdlog::error("click spool: cannot cut a partial record from {}: {}",
                      segment_path(current_segment_), std::strerror(errno));
      }
      return false;
    }
    segment_sizes_[current_segment_] += line.size();
    wake = waiting_readers_ > 0;
  }
  if (wake) appended_.notify_all();
  return true;
}

ClickSpool::Position ClickSpool::end() const {
  std::lock_guard lock(mutex_);
  return {current_segment_, segment_sizes_.at(current_segment_)};
}

std::vector<ClickSpool::Record> ClickSpool::read(Position from, std::size_t max) const {
  std::vector<Record> records;
  std::map<std::uint64_t, std::uint64_t> sizes;
  {
    std::lock_guard lock(mutex_);
    sizes = segment_sizes_;
  }
  for (auto it = sizes.lower_bound(from.segment); it != sizes.end() && records.size() < max; ++it) {
    const auto [segment, size] = *it;
    std::uint64_t offset = segment == from.segment ? from.offset : 0;
    if (offset >= size) continue;
    std::string buffer(std::min<std::uint64_t>(size - offset, 1 << 20), '\0');
    ssize_t got;
    {
      std::lock_guard read_lock(read_mutex_);
      if (read_fd_ < 0 || read_segment_ != segment) {
        if (read_fd_ >= 0) ::close(read_fd_);
        read_fd_ = ::open(segment_path(segment).c_str(), O_RDONLY | O_CLOEXEC);
        read_segment_ = segment;
      }
      if (read_fd_ < 0) {
        const auto now = std::chrono::steady_clock::now();
        if (now - last_read_error_log_ > std::chrono::seconds(10)) {
          spdlog::error("click spool: cannot open {} to ship it: {}", segment_path(segment),
                        std::strerror(errno));
          last_read_error_log_ = now;
        }
        break;
      }
      got = ::pread(read_fd_, buffer.data(), buffer.size(), static_cast<off_t>(offset));
    }
    if (got <= 0) break;
    buffer.resize(static_cast<std::size_t>(got));
    std::size_t start = 0;
    while (records.size() < max) {
      const auto newline = buffer.find('\n', start);
      if (newline == std::string::npos) break;
      const auto tab = buffer.find('\t', start);
      Record record;
      if (tab != std::string::npos && tab < newline) {
        record.key = buffer.substr(start, tab - start);
        record.payload = buffer.substr(tab + 1, newline - tab - 1);
      }
      record.end = {segment, offset + newline + 1};
      records.push_back(std::move(record));
      start = newline + 1;
    }
    // Only move to the next segment once this one was read to its end.
    if (offset + start < size) break;
  }
  return records;
}

ClickSpool::Position ClickSpool::skip_finished(Position from) const {
  std::lock_guard lock(mutex_);
  while (from.segment < current_segment_) {
    const auto it = segment_sizes_.find(from.segment);
    if (it != segment_sizes_.end() && from.offset < it->second) break;  // records left
    const auto next = segment_sizes_.upper_bound(from.segment);
    if (next == segment_sizes_.end()) break;
    from = {next->first, 0};
  }
  return from;
}

void ClickSpool::wait_for_records(Position from, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  ++waiting_readers_;
  appended_.wait_for(lock, timeout, [&] {
    return current_segment_ > from.segment || segment_sizes_.at(current_segment_) > from.offset;
  });
  --waiting_readers_;
}

ClickSpool::Position ClickSpool::shipped() const {
  std::lock_guard lock(mutex_);
  return shipped_;
}

void ClickSpool::mark_shipped(Position position) {
  const auto final_path = fs::path(options_.directory) / kMarkerName;
  const auto temporary = fs::path(options_.directory) / "shipped.new";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw system_error("cannot write the click spool marker", temporary.string());
  const auto text = std::to_string(position.segment) + " " + std::to_string(position.offset) + "\n";
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                  ::fdatasync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(temporary.c_str(), final_path.c_str()) != 0) {
    throw system_error("cannot write the click spool marker", final_path.string());
  }
  sync_directory(options_.directory);
  std::vector<std::uint64_t> finished;
  {
    std::lock_guard lock(mutex_);
    shipped_ = position;
    // Everything written is shipped, but the segment being written is never deleted: start
    // the next one once this one holds an eighth of a segment, so that a relay that keeps
    // up holds that much of the disk, not a whole segment of clicks already in Kafka (on a
    // small disk, enough to refuse every click). The next mark deletes it.
    const auto written = segment_sizes_.at(current_segment_);
    if (position == Position{current_segment_, written} && written >= options_.segment_bytes / 8) {
      try {
        open_segment(current_segment_ + 1);
      } catch (const std::exception& e) {
        spdlog::error("click spool: cannot start the next segment: {}", e.what());
      }
    }
    for (const auto& [segment, size] : segment_sizes_) {
      if (segment < position.segment && segment != current_segment_) finished.push_back(segment);
    }
    for (auto segment : finished) segment_sizes_.erase(segment);
  }
  for (auto segment : finished) ::unlink(segment_path(segment).c_str());
}

std::uint64_t ClickSpool::unshipped_bytes() const {
  std::lock_guard lock(mutex_);
  std::uint64_t total = 0;
  for (const auto& [segment, size] : segment_sizes_) {
    if (segment > shipped_.segment) total += size;
    if (segment == shipped_.segment && size > shipped_.offset) total += size - shipped_.offset;
  }
  return total;
}

void ClickSpool::sync_loop() {
  while (!stopping_) {
    std::this_thread::sleep_for(options_.sync_interval);
    int fd;
    {
      std::lock_guard lock(mutex_);
      fd = ::dup(fd_);
    }
    // Outside the lock: a slow disk must not hold up redirects.
    const bool synced = fd >= 0 && options_.sync_file(fd) == 0;
    const int failure = errno;
    if (fd >= 0) ::close(fd);
    if (synced) {
      if (disk_failed_.exchange(false))
        spdlog::info("click spool: the disk syncs again; redirects record clicks again");
      continue;
    }
    ++sync_failures_;
    std::lock_guard lock(mutex_);
    disk_error_ = "the click spool's disk does not sync (" + std::string(std::strerror(failure)) +
                  "): clicks cannot be kept";
    if (!disk_failed_.exchange(true)) spdlog::error("click spool: {}", disk_error_);
  }
}

}  // namespace linkstream::api
