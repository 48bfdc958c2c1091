#pragma once
// One page of an id-ordered map, copied out (for listings answered from the view).

#include <cstdint>
#include <iterator>
#include <vector>

#include "http/pagination.h"

namespace linkstream::api {

// The values of `items` (a map by ascending id) that `page` selects, optionally filtered.
template <typename Map, typename Keep>
std::vector<typename Map::mapped_type> page_slice(const Map& items, const PageRequest& page,
                                                  Keep keep) {
  std::vector<typename Map::mapped_type> out;
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

template <typename Map>
std::vector<typename Map::mapped_type> page_slice(const Map& items, const PageRequest& page) {
  return page_slice(items, page, [](const typename Map::mapped_type&) { return true; });
}

}  // namespace linkstream::api
