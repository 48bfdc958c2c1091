#pragma once
// Tables for a terminal: columns padded to their widest cell, numbers right-aligned.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace linkstream::ctl {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : rows_{std::move(header)} {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::size_t rows() const { return rows_.size() - 1; }
  // Cells that start with a digit (counts, offsets) are right-aligned, the others left;
  // a header as its column's first value.
  void print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

// 1234567 → "1,234,567".
std::string with_thousands(std::int64_t value);

}  // namespace linkstream::ctl
