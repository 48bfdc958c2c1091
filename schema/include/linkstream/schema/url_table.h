#pragma once
// The URLs of a State (state.h): each kept once, at a slot whose address does not change
// while the URL lives, found by id (a B-tree of id -> slot, walked in ascending id) or by
// slot in constant time.
//
// Why slots: the State's short-code index holds a slot per code, so a redirect reads its
// URL straight from the slot. When the URLs lived in the B-tree itself
// (absl::btree_map<id, Url>: 152-byte values, four to a node), every lookup by code was a
// descent of about ten nodes, most of them cache misses once the codes asked for are many:
// 100,000 codes at random cost the api 2 µs more CPU a redirect than one hot code
// (docs/performance.md). A slot costs 16 bytes of B-tree instead of the Url's 152.
//
// Not thread-safe, as the State is not.

#include <absl/container/btree_map.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "linkstream/schema/timestamp.h"

namespace linkstream::schema {

struct Url {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string short_code;
  std::string original_url;
  std::optional<std::string> title;
  bool is_active = true;
  Timestamp created_at{};
  Timestamp updated_at{};
};

class UrlTable {
 public:
  using Slot = std::uint32_t;
  using mapped_type = Url;  // the element type a listing copies out (api's page_slice)

  // Walks the URLs by ascending id; dereferences to (id, URL).
  class const_iterator {
   public:
    using Ids = absl::btree_map<std::int64_t, Slot>;
    const_iterator(const UrlTable* table, Ids::const_iterator at) : table_(table), at_(at) {}
    std::pair<std::int64_t, const Url&> operator*() const {
      return {at_->first, table_->at(at_->second)};
    }
    Slot slot() const { return at_->second; }
    const_iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator==(const const_iterator& other) const { return at_ == other.at_; }

   private:
    const UrlTable* table_;
    Ids::const_iterator at_;
  };

  UrlTable() = default;
  UrlTable(const UrlTable& other);
  UrlTable& operator=(const UrlTable& other);
  UrlTable(UrlTable&&) noexcept = default;
  UrlTable& operator=(UrlTable&&) noexcept = default;
  ~UrlTable() = default;

  // Nullptr when no live URL has this id.
  const Url* find(std::int64_t id) const;
  Url* find(std::int64_t id);
  bool contains(std::int64_t id) const { return slots_.contains(id); }
  std::optional<Slot> slot_of(std::int64_t id) const;

  // The URL at a slot that insert() or append() gave and erase() has not taken back.
  const Url& at(Slot slot) const { return chunks_[slot / kChunk][slot % kChunk]; }

  // Adds a URL whose id is not here (std::invalid_argument if it is); returns its slot.
  // Slots of erased URLs are reused.
  Slot insert(Url url);
  // The same for a URL whose id is above every id here (a snapshot's ascending ids;
  // std::invalid_argument if not), which goes at the B-tree's end without a search.
  Slot append(Url url);
  // Takes the URL with this id out, if there is one.
  void erase(std::int64_t id);

  std::size_t size() const { return slots_.size(); }
  bool empty() const { return slots_.empty(); }
  void clear();

  const_iterator begin() const { return {this, slots_.begin()}; }
  const_iterator end() const { return {this, slots_.end()}; }

 private:
  // URLs per allocation: 147 KiB, so at most that is held beyond the URLs themselves.
  static constexpr std::size_t kChunk = 1024;

  Slot take_slot();
  Url& at_mutable(Slot slot) { return chunks_[slot / kChunk][slot % kChunk]; }

  absl::btree_map<std::int64_t, Slot> slots_;
  std::vector<std::unique_ptr<Url[]>> chunks_;
  Slot used_ = 0;           // slots handed out so far, erased or not
  std::vector<Slot> free_;  // erased slots, for the next inserts
};

}  // namespace linkstream::schema
