#include "linkstream/schema/snapshot.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace linkstream::schema {

namespace {

constexpr std::string_view kMagic = "LSSNAP03";  // format name and version

// 64-bit FNV-1a: enough to notice a torn or damaged file, not a defence against tampering.
std::uint64_t checksum(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

class Out {
 public:
  void i64(std::int64_t v) { bytes_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void u8(std::uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
  void str(std::string_view s) {
    i64(static_cast<std::int64_t>(s.size()));
    bytes_.append(s);
  }
  void time(Timestamp t) { i64(t.time_since_epoch().count()); }
  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

struct Truncated : std::runtime_error {
  Truncated() : std::runtime_error("the snapshot is truncated") {}
};

class In {
 public:
  explicit In(std::string_view bytes) : bytes_(bytes) {}
  std::int64_t i64() {
    std::int64_t v;
    take(&v, sizeof v);
    return v;
  }
  std::uint8_t u8() {
    std::uint8_t v;
    take(&v, sizeof v);
    return v;
  }
  std::string str() {
    const auto size = i64();
    if (size < 0 || static_cast<std::size_t>(size) > bytes_.size() - at_) throw Truncated();
    std::string s(bytes_.substr(at_, static_cast<std::size_t>(size)));
    at_ += static_cast<std::size_t>(size);
    return s;
  }
  Timestamp time() { return Timestamp(std::chrono::seconds(i64())); }
  // A count of items that follow, each at least `min_bytes` long: refuses a count the
  // remaining bytes cannot hold, so a damaged count never makes a huge allocation.
  std::int64_t count(std::size_t min_bytes) {
    const auto n = i64();
    if (n < 0 || static_cast<std::size_t>(n) > (bytes_.size() - at_) / min_bytes) throw Truncated();
    return n;
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  void take(void* out, std::size_t n) {
    if (bytes_.size() - at_ < n) throw Truncated();
    std::memcpy(out, bytes_.data() + at_, n);
    at_ += n;
  }
  std::string_view bytes_;
  std::size_t at_ = 0;
};

}  // namespace

// Reads and writes State's private members (a friend of State, like Folder). Hash sets are
// written in sorted order, so that equal states give equal bytes.
class SnapshotCodec {
 public:
  template <typename Ids>
  static void write_sorted(Out& out, const Ids& ids) {
    std::vector<std::int64_t> sorted(ids.begin(), ids.end());
    std::sort(sorted.begin(), sorted.end());
    out.i64(static_cast<std::int64_t>(sorted.size()));
    for (auto id : sorted) out.i64(id);
  }

  static void write(Out& out, const State& s) {
    out.i64(static_cast<std::int64_t>(s.users_.size()));
    for (const auto& [id, user] : s.users_) {
      out.i64(id);
      out.str(user.username);
      out.str(user.email);
      out.time(user.created_at);
    }
    write_sorted(out, s.deleted_user_ids_);
    out.i64(static_cast<std::int64_t>(s.urls_->size()));
    for (const auto& [id, url] : *s.urls_) {
      out.i64(id);
      out.i64(url.user_id);
      out.str(url.short_code);
      out.str(url.original_url);
      out.u8(url.title ? 1 : 0);
      out.str(url.title.value_or(""));
      out.u8(url.is_active ? 1 : 0);
      out.time(url.created_at);
      out.time(url.updated_at);
    }
    // Codes of deleted URLs stay claimed: the one part of the code index not derivable.
    std::vector<std::pair<std::string_view, std::int64_t>> retired(s.retired_short_codes_.begin(),
                                                                   s.retired_short_codes_.end());
    std::sort(retired.begin(), retired.end());
    out.i64(static_cast<std::int64_t>(retired.size()));
    for (const auto& [code, id] : retired) {
      out.str(code);
      out.i64(id);
    }
    write_sorted(out, s.deleted_url_ids_);
    out.i64(s.highest_user_id_);
    out.i64(s.highest_url_id_);
    // Keyed requests in log order (the order they are forgotten in).
    out.i64(static_cast<std::int64_t>(s.keyed_request_order_.size()));
    for (const auto& id : s.keyed_request_order_) {
      const auto& request = s.keyed_requests_.at(id);
      out.str(id);
      out.str(request.digest);
      out.i64(request.entity_id);
      out.time(request.occurred_at);
    }
  }

  static State read(In& in) {
    State s;
    // Ids were written in ascending order: each insert goes at the end (emplace_hint).
    const auto users = in.count(32);
    s.user_id_by_email_.reserve(static_cast<std::size_t>(users));
    for (auto n = users; n > 0; --n) {
      User user;
      user.id = in.i64();
      user.username = in.str();
      user.email = in.str();
      user.created_at = in.time();
      s.user_id_by_email_.emplace(normalize_email(user.email), user.id);
      ++s.user_count_by_username_[user.username];
      const auto id = user.id;
      s.users_.emplace_hint(s.users_.end(), id, std::move(user));
    }
    for (auto n = in.count(8); n > 0; --n) s.deleted_user_ids_.insert(in.i64());
    const auto urls = in.count(58);
    s.url_ids_by_short_code_.reserve(static_cast<std::size_t>(urls));
    for (auto n = urls; n > 0; --n) {
      Url url;
      url.id = in.i64();
      url.user_id = in.i64();
      url.short_code = in.str();
      url.original_url = in.str();
      const bool has_title = in.u8() != 0;
      auto title = in.str();
      if (has_title) url.title = std::move(title);
      url.is_active = in.u8() != 0;
      url.created_at = in.time();
      url.updated_at = in.time();
      s.url_ids_by_user_[url.user_id].insert(url.id);
      // Into the table before the index, which reads the code from there.
      s.url_ids_by_short_code_.insert(s.urls_->append(std::move(url)));
    }
    for (auto n = in.count(16); n > 0; --n) {
      auto code = in.str();
      s.retired_short_codes_.emplace(std::move(code), in.i64());
    }
    for (auto n = in.count(8); n > 0; --n) s.deleted_url_ids_.insert(in.i64());
    s.highest_user_id_ = in.i64();
    s.highest_url_id_ = in.i64();
    for (auto n = in.count(32); n > 0; --n) {
      auto id = in.str();
      KeyedRequest request;
      request.digest = in.str();
      request.entity_id = in.i64();
      request.occurred_at = in.time();
      s.keyed_requests_.emplace(id, std::move(request));
      s.keyed_request_order_.push_back(std::move(id));
    }
    return s;
  }
};

std::string encode_snapshot(const State& state, const SnapshotOffsets& next_offsets) {
  Out body;
  body.i64(static_cast<std::int64_t>(next_offsets.size()));
  for (const auto& [key, next] : next_offsets) {
    body.i64(static_cast<std::int64_t>(key.first));
    body.i64(key.second);
    body.i64(next);
  }
  SnapshotCodec::write(body, state);
  std::string bytes(kMagic);
  Out sum;
  sum.i64(static_cast<std::int64_t>(checksum(body.bytes())));
  bytes += sum.bytes();
  bytes += body.bytes();
  return bytes;
}

std::optional<Snapshot> decode_snapshot(std::string_view bytes, std::string* error) {
  const auto fail = [&](const std::string& why) -> std::optional<Snapshot> {
    if (error) *error = why;
    return std::nullopt;
  };
  if (bytes.substr(0, kMagic.size()) != kMagic) return fail("not a snapshot of this version");
  if (bytes.size() < kMagic.size() + 8) return fail("the snapshot is truncated");
  In header(bytes.substr(kMagic.size(), 8));
  const auto expected = static_cast<std::uint64_t>(header.i64());
  const auto body = bytes.substr(kMagic.size() + 8);
  if (checksum(body) != expected) return fail("the snapshot's checksum does not match");
  try {
    In in(body);
    Snapshot snapshot;
    for (auto n = in.count(24); n > 0; --n) {
      const auto topic = static_cast<Topic>(in.i64());
      const auto partition = static_cast<std::int32_t>(in.i64());
      snapshot.next_offsets[{topic, partition}] = in.i64();
    }
    snapshot.state = SnapshotCodec::read(in);
    if (!in.done()) return fail("the snapshot has bytes after its end");
    return snapshot;
  } catch (const std::exception& e) {  // truncated, or URL ids out of order
    return fail(e.what());
  }
}

}  // namespace linkstream::schema
