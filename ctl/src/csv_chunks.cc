#include "csv_chunks.h"

#include <algorithm>

namespace linkstream::ctl {

namespace {

// The end of the record that starts at `from` (the index after its line break, or the
// end of the text), and the number of line breaks it spans.
std::pair<std::size_t, std::size_t> record_end(std::string_view text, std::size_t from) {
  bool quoted = false;
  std::size_t breaks = 0;
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text[i] == '"') quoted = !quoted;
    if (text[i] != '\n') continue;
    ++breaks;
    if (!quoted) return {i + 1, breaks};
  }
  return {text.size(), breaks};
}

bool blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == '\r' || c == '\n'; });
}

}  // namespace

CsvFile cut_csv(std::string_view text, std::size_t records_per_chunk) {
  CsvFile file;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a spreadsheet's BOM
  const auto [header_end, header_breaks] = record_end(text, 0);
  if (header_end == 0) return file;
  file.header = std::string(text.substr(0, header_end));
  while (!file.header.empty() && (file.header.back() == '\n' || file.header.back() == '\r')) {
    file.header.pop_back();
  }
  file.header_lines = std::max<std::size_t>(1, header_breaks);
  std::size_t line = 1 + header_breaks;
  std::size_t at = header_end;
  CsvChunk chunk;
  const auto flush = [&] {
    if (chunk.records == 0) return;
    file.chunks.push_back(std::move(chunk));
    chunk = CsvChunk{};
  };
  while (at < text.size()) {
    const auto [end, breaks] = record_end(text, at);
    const auto record = text.substr(at, end - at);
    if (!blank(record)) {
      if (chunk.records == 0) {
        chunk.text = file.header + "\n";
        chunk.first_line = line;
      }
      chunk.text.append(record);
      if (chunk.text.back() != '\n') chunk.text.push_back('\n');
      ++chunk.records;
      ++file.records;
      if (chunk.records == records_per_chunk) flush();
    } else if (chunk.records > 0) {
      chunk.text.append("\n");  // kept, so that the api's line numbers map back to the file's
    }
    line += breaks;
    at = end;
  }
  flush();
  return file;
}

}  // namespace linkstream::ctl
