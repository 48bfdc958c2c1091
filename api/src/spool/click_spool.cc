#include "spool/click_spool.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string_view>

namespace linkstream::api {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMarkerName = "shipped";
constexpr const char* kReusableName = "reusable.log";
constexpr std::size_t kReadBytes = 1 << 20;  // at most this much of a segment per read
constexpr std::size_t kCheckDigits = 8;
// Enough to hold a segment's last line whole: an event is at most a few KiB.
constexpr std::size_t kTailBytes = 64 << 10;
// A kept file unused for longer is deleted rather than written over (reusable_since_).
constexpr auto kReusableFor = std::chrono::seconds(10);

// clicks-000123.log (checked records) or clicks-000123.spool (older, unchecked); 0 if neither.
std::uint64_t segment_number(const fs::path& path, bool* checked) {
  const auto name = path.filename().string();
  if (name.rfind("clicks-", 0) != 0) return 0;
  *checked = path.extension() == ".log";
  if (!*checked && path.extension() != ".spool") return 0;
  return std::strtoull(name.c_str() + 7, nullptr, 10);
}

std::uint32_t check_of(std::string_view record, std::uint64_t segment) {
  const auto crc = ::crc32_z(0, reinterpret_cast<const Bytef*>(record.data()), record.size());
  return static_cast<std::uint32_t>(crc) ^ static_cast<std::uint32_t>(segment);
}

void write_check(std::uint32_t check, char* digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < kCheckDigits; ++i) digits[i] = kHex[(check >> (28 - 4 * i)) & 0xf];
}

enum class Check { kNone, kStrip, kVerify };

// A line without its '\n': "<key>\t<event>\t<check>" or, in an older segment (kNone),
// "<key>\t<event>". False when it is not a record of `segment`.
bool split_record(std::string_view line, std::uint64_t segment, Check check, std::string_view* key,
                  std::string_view* payload) {
  if (check != Check::kNone) {
    if (line.size() < kCheckDigits + 1 || line[line.size() - kCheckDigits - 1] != '\t')
      return false;
    const auto record = line.substr(0, line.size() - kCheckDigits - 1);
    if (check == Check::kVerify) {
      char expected[kCheckDigits];
      write_check(check_of(record, segment), expected);
      if (line.substr(line.size() - kCheckDigits) != std::string_view(expected, kCheckDigits))
        return false;
    }
    line = record;
  }
  const auto tab = line.find('\t');
  if (tab == std::string_view::npos) return false;
  *key = line.substr(0, tab);
  *payload = line.substr(tab + 1);
  return true;
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
    bool checked = false;
    if (const auto number = segment_number(entry.path(), &checked)) {
      segment_sizes_[number] = entry.file_size();
      if (!checked) unchecked_segments_.insert(number);
      last = std::max(last, number);
    }
  }
  // A file kept to write over holds only shipped records; after a restart its pages may be
  // gone, so it is not written over.
  if (::unlink(reusable_path().c_str()) != 0 && errno != ENOENT)
    throw system_error("cannot delete", reusable_path());
  std::ifstream marker(fs::path(options_.directory) / kMarkerName);
  if (!(marker >> shipped_.segment >> shipped_.offset))
    shipped_ = {segment_sizes_.empty() ? last + 1 : segment_sizes_.begin()->first, 0};
  // What follows the last whole record (a line a crash cut short, or the records of a
  // reused file's earlier use) is cut off, so that only records of this segment are read.
  for (auto& [number, size] : segment_sizes_) {
    const auto path = segment_path(number);
    int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
      // Left in place: the relay stops there and says so, rather than skip its clicks.
      spdlog::error("click spool: cannot open {}: {}", path, std::strerror(errno));
      continue;
    }
    const std::uint64_t good = recovered_length(number, fd, size);
    if (good != size) {
      spdlog::warn("click spool: cutting {} bytes after the last whole record of {}", size - good,
                   path);
      if (::ftruncate(fd, static_cast<off_t>(good)) != 0)
        spdlog::error("click spool: cannot truncate {}: {}", path, std::strerror(errno));
      size = good;
    }
    ::close(fd);
  }
  first_own_segment_ = last + 1;
  open_segment(first_own_segment_);
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
  std::snprintf(name, sizeof name, "clicks-%06llu.%s", static_cast<unsigned long long>(segment),
                unchecked_segments_.contains(segment) ? "spool" : "log");
  return (fs::path(options_.directory) / name).string();
}

std::string ClickSpool::reusable_path() const {
  return (fs::path(options_.directory) / kReusableName).string();
}

std::uint64_t ClickSpool::recovered_length(std::uint64_t segment, int fd,
                                           std::uint64_t size) const {
  const bool checked = !unchecked_segments_.contains(segment);
  // The usual case in one read: a file that ends with a record of its own segment has no
  // earlier use's records after it (they would come last), so its length stands. Only the
  // segment written last before a stop is read whole.
  if (checked && size > 0) {
    const auto tail_size = std::min<std::uint64_t>(size, kTailBytes);
    char last[kTailBytes];
    const ssize_t got = ::pread(fd, last, tail_size, static_cast<off_t>(size - tail_size));
    const std::string_view tail(last, got > 0 ? static_cast<std::size_t>(got) : 0);
    if (tail.size() == tail_size && tail.back() == '\n') {
      const auto before = tail.rfind('\n', tail.size() - 2);
      const auto line_start = before == std::string_view::npos ? 0 : before + 1;
      std::string_view key, payload;
      if ((before != std::string_view::npos || tail_size == size) &&
          split_record(tail.substr(line_start, tail.size() - 1 - line_start), segment,
                       Check::kVerify, &key, &payload)) {
        return size;
      }
    }
  }
  const auto bytes = std::make_unique_for_overwrite<char[]>(kReadBytes);
  std::string carried;       // the start of a line that continues in the next read
  std::uint64_t passed = 0;  // bytes before `carried`
  std::uint64_t good = 0, at = 0;
  while (at < size) {
    const ssize_t got = ::pread(fd, bytes.get(), kReadBytes, static_cast<off_t>(at));
    if (got <= 0) break;
    at += static_cast<std::uint64_t>(got);
    carried.append(bytes.get(), static_cast<std::size_t>(got));
    std::size_t start = 0;
    for (auto newline = carried.find('\n'); newline != std::string::npos;
         newline = carried.find('\n', start)) {
      std::string_view key, payload;
      // A damaged line before a good one stays (read() skips it, the records after it ship).
      if (!checked || split_record(std::string_view(carried).substr(start, newline - start),
                                   segment, Check::kVerify, &key, &payload)) {
        good = passed + newline + 1;
      }
      start = newline + 1;
    }
    passed += start;
    carried.erase(0, start);
    // No record is that long (an event is at most a few KiB): what follows is not records.
    if (carried.size() > kReadBytes) break;
  }
  return good;
}

void ClickSpool::open_segment(std::uint64_t segment) {
  const auto path = segment_path(segment);
  // Written over from its start: records go at the segment's length (pwrite), not at the
  // end of the file, which is the end of the earlier use's records.
  if (reusable_) {
    const bool fresh = reusable_is_fresh();
    reusable_ = false;
    if (fresh && ::rename(reusable_path().c_str(), path.c_str()) != 0) {
      spdlog::warn("click spool: cannot reuse {} as {}: {}", reusable_path(), path,
                   std::strerror(errno));
    }
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
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
  line.reserve(key.size() + payload.size() + kCheckDigits + 3);
  line.append(key).append(1, '\t').append(payload);
  // The CRC outside the lock; the segment's number, known under it, is XORed in there.
  const auto crc = check_of(line, 0);
  line.append(1, '\t').append(kCheckDigits, '0').append(1, '\n');
  char* const digits = line.data() + line.size() - 1 - kCheckDigits;
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
    write_check(crc ^ static_cast<std::uint32_t>(current_segment_), digits);
    // One pwrite(2) of the whole line: a killed process leaves a record whole or not at all
    // (a line a crash of the machine cut short fails its check at the next start). A short
    // write (a disk about to be full) goes on with the rest, which either fits or says why not.
    const auto at = segment_sizes_[current_segment_];
    std::size_t written = 0;
    int failure = 0;
    while (written < line.size() && failure == 0) {
      const ssize_t n = ::pwrite(fd_, line.data() + written, line.size() - written,
                                 static_cast<off_t>(at + written));
      if (n > 0) {
        written += static_cast<std::size_t>(n);
      } else if (n == 0 || errno != EINTR) {
        failure = n == 0 ? EIO : errno;
      }
    }
    if (failure != 0) {
      if (error) *error = std::string("cannot write the click spool: ") + std::strerror(failure);
      // The part written would fail its check at a restart; cut it all the same.
      if (written > 0 && ::ftruncate(fd_, static_cast<off_t>(at)) != 0) {
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
  std::lock_guard read_lock(read_mutex_);
  // Made once: a fresh 1 MiB a call was a fresh mapping for glibc, zeroed page by page.
  if (!read_buffer_) read_buffer_ = std::make_unique_for_overwrite<char[]>(kReadBytes);
  for (auto it = sizes.lower_bound(from.segment); it != sizes.end() && records.size() < max; ++it) {
    const auto [segment, size] = *it;
    std::uint64_t offset = segment == from.segment ? from.offset : 0;
    if (offset >= size) continue;
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
    // Up to the segment's length, not the file's: a file written over goes on with the
    // records of its earlier use.
    const auto want = std::min<std::uint64_t>(size - offset, kReadBytes);
    const ssize_t got = ::pread(read_fd_, read_buffer_.get(), want, static_cast<off_t>(offset));
    if (got <= 0) break;
    std::size_t consumed = 0;
    parse_records(segment, offset,
                  std::string_view(read_buffer_.get(), static_cast<std::size_t>(got)), max,
                  &records, &consumed);
    // Only move to the next segment once this one was read to its end.
    if (offset + consumed < size) break;
  }
  return records;
}

void ClickSpool::parse_records(std::uint64_t segment, std::uint64_t offset, std::string_view bytes,
                               std::size_t max, std::vector<Record>* records,
                               std::size_t* consumed) const {
  // What this process wrote is read up to the length it wrote, so only the segments a
  // restart found can hold a damaged line.
  const auto check = unchecked_segments_.contains(segment) ? Check::kNone
                     : segment < first_own_segment_        ? Check::kVerify
                                                           : Check::kStrip;
  std::size_t start = 0;
  while (records->size() < max) {
    const auto newline = bytes.find('\n', start);
    if (newline == std::string_view::npos) break;
    Record record;  // a damaged line stays a record with no payload: the relay skips it
    std::string_view key, payload;
    if (split_record(bytes.substr(start, newline - start), segment, check, &key, &payload)) {
      record.key = key;
      record.payload = payload;
    } else {
      spdlog::error("click spool: a damaged record at {} of {} is not shipped", offset + start,
                    segment_path(segment));
    }
    record.end = {segment, offset + newline + 1};
    records->push_back(std::move(record));
    start = newline + 1;
  }
  *consumed = start;
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
    // The newest is kept: its pages are the most likely to be in memory still.
    if (!finished.empty() && keep_to_reuse(finished.back())) finished.pop_back();
  }
  // Outside the lock: freeing a large file's blocks can take a while.
  for (auto segment : finished) {
    if (::unlink(segment_path(segment).c_str()) != 0)
      spdlog::error("click spool: cannot delete {}: {}", segment_path(segment),
                    std::strerror(errno));
  }
}

bool ClickSpool::reusable_is_fresh() const {
  return std::chrono::steady_clock::now() - reusable_since_ < kReusableFor;
}

bool ClickSpool::keep_to_reuse(std::uint64_t segment) {
  // Only a segment with checks: a reused file's earlier records must fail the new checks.
  if (unchecked_segments_.contains(segment)) return false;
  // A kept file left unused too long is replaced (rename deletes it).
  if (reusable_ && reusable_is_fresh()) return false;
  if (::rename(segment_path(segment).c_str(), reusable_path().c_str()) != 0) {
    spdlog::error("click spool: cannot keep {} to write over: {}", segment_path(segment),
                  std::strerror(errno));
    return false;
  }
  reusable_ = true;
  reusable_since_ = std::chrono::steady_clock::now();
  return true;
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
