#include "text_table.h"

#include <algorithm>
#include <cctype>

namespace linkstream::ctl {

void TextTable::print(std::ostream& out) const {
  std::vector<std::size_t> widths;
  for (const auto& row : rows_) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  const auto numeric = [](const std::string& cell) {
    return !cell.empty() && std::isdigit(static_cast<unsigned char>(cell[0]));
  };
  // A header sits over its column as the column's first value does.
  std::vector<bool> numeric_column(widths.size(), false);
  if (rows_.size() > 1) {
    for (std::size_t i = 0; i < rows_[1].size(); ++i) numeric_column[i] = numeric(rows_[1][i]);
  }
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    const auto& row = rows_[r];
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const auto padding = std::string(widths[i] - row[i].size(), ' ');
      const bool number = r == 0 ? numeric_column[i] : numeric(row[i]);
      if (i > 0) line += "  ";
      line += number ? padding + row[i] : row[i] + (i + 1 < row.size() ? padding : "");
    }
    out << line << '\n';
  }
}

std::string with_thousands(std::int64_t value) {
  const std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out = value < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace linkstream::ctl
