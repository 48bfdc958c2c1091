#pragma once
// Entries of comma-separated settings and headers ("a, b,,c").

#include <string_view>
#include <vector>

namespace linkstream::api {

// `text` without the spaces and tabs around it.
inline std::string_view without_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The entries, each without its blanks, empty ones skipped; views into `list`.
inline std::vector<std::string_view> comma_separated(std::string_view list) {
  std::vector<std::string_view> entries;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto entry = without_blanks(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (!entry.empty()) entries.push_back(entry);
  }
  return entries;
}

}  // namespace linkstream::api
