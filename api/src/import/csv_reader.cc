#include "import/csv_reader.h"

#include <csv.h>

#include <algorithm>

namespace linkstream::api {

namespace {

struct Collector {
  CsvTable* table;
  std::size_t current_line = 0;  // the physical line being fed to the parser
  std::vector<std::string> fields;
  std::size_t newlines_in_row = 0;
  bool seen_header = false;
};

void on_field(void* data, std::size_t length, void* target) {
  auto* c = static_cast<Collector*>(target);
  std::string field(data ? static_cast<const char*>(data) : "", data ? length : 0);
  c->newlines_in_row += static_cast<std::size_t>(std::count(field.begin(), field.end(), '\n'));
  c->fields.push_back(std::move(field));
}

void on_row_end(int, void* target) {
  auto* c = static_cast<Collector*>(target);
  // The row ends on the current line; it started as many lines earlier as it has newlines
  // inside quoted fields.
  const std::size_t start = c->current_line - c->newlines_in_row;
  if (!c->seen_header) {
    for (auto& name : c->fields) {
      name.erase(0, name.find_first_not_of(" \t\r\xEF\xBB\xBF"));  // spaces and a UTF-8 BOM
      name.erase(name.find_last_not_of(" \t\r") + 1);
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    }
    c->table->header = std::move(c->fields);
    c->seen_header = true;
  } else {
    c->table->rows.push_back({start, std::move(c->fields)});
  }
  c->fields.clear();
  c->newlines_in_row = 0;
}

}  // namespace

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) return std::nullopt;
  return static_cast<std::size_t>(it - header.begin());
}

CsvTable read_csv(std::string_view text) {
  CsvTable table;
  Collector collector{&table};
  csv_parser parser;
  const unsigned char options = CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL;
  csv_init(&parser, options);

  // Fed one physical line at a time, so that the parser's position is always known.
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t end = text.find('\n', position);
    end = end == std::string_view::npos ? text.size() : end + 1;
    ++collector.current_line;
    const auto line = text.substr(position, end - position);
    if (csv_parse(&parser, line.data(), line.size(), on_field, on_row_end, &collector) !=
        line.size()) {
      table.errors.push_back({collector.current_line, csv_strerror(csv_error(&parser))});
      // Drop the broken row and start afresh on the next line.
      csv_free(&parser);
      csv_init(&parser, options);
      collector.fields.clear();
      collector.newlines_in_row = 0;
    }
    position = end;
  }
  if (csv_fini(&parser, on_field, on_row_end, &collector) != 0) {
    table.errors.push_back({collector.current_line, csv_strerror(csv_error(&parser))});
  }
  csv_free(&parser);
  return table;
}

}  // namespace linkstream::api
