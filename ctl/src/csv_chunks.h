#pragma once
// A CSV file cut into pieces an api can take one at a time: each piece is the header line
// followed by whole records, so a record whose quoted field holds a line break is never
// split (RFC 4180: a quote inside a quoted field is written twice, which leaves the
// in-quotes state as it was).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace linkstream::ctl {

struct CsvChunk {
  std::string text;  // the header, then the chunk's records (and blank lines between them)
  std::size_t first_line = 0;  // the file's line number (1 = the header) of its first record
  std::size_t records = 0;

  // The file's line number of line `line` of `text` (1 = its header).
  std::size_t file_line(std::size_t line, std::size_t header_lines) const {
    return first_line + line - header_lines - 1;
  }
};

struct CsvFile {
  std::string header;  // the first record, without its line break
  std::size_t header_lines = 1;
  std::vector<CsvChunk> chunks;
  std::size_t records = 0;
};

// Cuts `text` after every `records_per_chunk` records (blank lines are not records). A
// file without a header line has no chunks.
CsvFile cut_csv(std::string_view text, std::size_t records_per_chunk);

}  // namespace linkstream::ctl
