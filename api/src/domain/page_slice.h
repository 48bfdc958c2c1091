#pragma once
// One page of an id-ordered map, copied out (for listings answered from the view).

#include <cstdint>
#include <iterator>
#include <map>
#include <vector>

#include "http/pagination.h"

namespace linkstream::api {

// The values of `items` (ascending key) that `page` selects, optionally filtered.
template <typename Value, typename Keep>
std::vector<Value> page_slice(const std::map<std::int64_t, Value>& items, const PageRequest& page,
                              Keep keep) {
  std::vector<Value> out;
  std::int64_t skipped = 0;
  for (const auto& [id, value] : items) {
    if (!keep(value)) continue;
    if (skipped < page.offset) {
      ++skipped;
      continue;
    }
    if (page.limit && static_cast<std::int64_t>(out.size()) >= *page.limit) break;
    out.push_back(value);
  }
  return out;
}

template <typename Value>
std::vector<Value> page_slice(const std::map<std::int64_t, Value>& items, const PageRequest& page) {
  return page_slice(items, page, [](const Value&) { return true; });
}

}  // namespace linkstream::api
