#pragma once
// CSV files as RFC 4180 has them (quoted fields, doubled quotes, CRLF or LF), read with
// libcsv. Each row keeps the line it starts on, so a bad row can be reported by line.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace linkstream::api {

struct CsvRow {
  std::size_t line = 0;  // 1-based line of the file where the row starts
  std::vector<std::string> fields;
};

struct CsvSyntaxError {
  std::size_t line = 0;
  std::string message;
};

struct CsvTable {
  std::vector<std::string> header;     // the first row, names trimmed and lower-cased
  std::vector<CsvRow> rows;            // every data row (blank lines are not rows)
  std::vector<CsvSyntaxError> errors;  // lines that are not CSV (an unclosed quote, ...)

  // The index of a header column; nullopt when the file has none of that name.
  std::optional<std::size_t> column(std::string_view name) const;
};

// Never fails as a whole: a syntax error is recorded for its line, the row it was in is
// dropped, and reading resumes on the next line.
CsvTable read_csv(std::string_view text);

}  // namespace linkstream::api
