#include "linkstream/schema/url_table.h"

#include <limits>
#include <stdexcept>

namespace linkstream::schema {

UrlTable::UrlTable(const UrlTable& other)
    : slots_(other.slots_), used_(other.used_), free_(other.free_) {
  chunks_.reserve(other.chunks_.size());
  for (const auto& chunk : other.chunks_) {
    auto copy = std::make_unique<Url[]>(kChunk);
    for (std::size_t i = 0; i < kChunk; ++i) copy[i] = chunk[i];
    chunks_.push_back(std::move(copy));
  }
}

UrlTable& UrlTable::operator=(const UrlTable& other) {
  if (this != &other) *this = UrlTable(other);
  return *this;
}

const Url* UrlTable::find(std::int64_t id) const {
  const auto it = slots_.find(id);
  return it == slots_.end() ? nullptr : &at(it->second);
}

Url* UrlTable::find(std::int64_t id) {
  const auto it = slots_.find(id);
  return it == slots_.end() ? nullptr : &at_mutable(it->second);
}

std::optional<UrlTable::Slot> UrlTable::slot_of(std::int64_t id) const {
  const auto it = slots_.find(id);
  if (it == slots_.end()) return std::nullopt;
  return it->second;
}

UrlTable::Slot UrlTable::take_slot() {
  if (!free_.empty()) {
    const Slot slot = free_.back();
    free_.pop_back();
    return slot;
  }
  if (used_ == std::numeric_limits<Slot>::max()) {
    throw std::length_error("the URL table is full (2^32 - 1 URLs)");
  }
  if (used_ % kChunk == 0) chunks_.push_back(std::make_unique<Url[]>(kChunk));
  return used_++;
}

UrlTable::Slot UrlTable::insert(Url url) {
  if (slots_.contains(url.id)) throw std::invalid_argument("a URL with this id is already here");
  const auto id = url.id;
  const Slot slot = take_slot();
  at_mutable(slot) = std::move(url);
  slots_.emplace(id, slot);
  return slot;
}

UrlTable::Slot UrlTable::append(Url url) {
  if (!slots_.empty() && url.id <= slots_.rbegin()->first) {
    throw std::invalid_argument("URL ids are not in ascending order");
  }
  const auto id = url.id;
  const Slot slot = take_slot();
  at_mutable(slot) = std::move(url);
  slots_.emplace_hint(slots_.end(), id, slot);
  return slot;
}

void UrlTable::erase(std::int64_t id) {
  const auto it = slots_.find(id);
  if (it == slots_.end()) return;
  const Slot slot = it->second;
  slots_.erase(it);
  at_mutable(slot) = Url{};  // its strings go now, not when the slot is reused
  free_.push_back(slot);
}

void UrlTable::clear() {
  slots_.clear();
  chunks_.clear();
  free_.clear();
  used_ = 0;
}

}  // namespace linkstream::schema
