#pragma once
// The three seed formats, row by row: what event each CSV row becomes, or what is wrong
// with it. Columns are found by header name, in any order.
//
//   users:  id?, username, email, created_at?
//   urls:   id?, user_id, short_code?, original_url, title?, is_active?, created_at?, updated_at?
//   events: id, url_id?, user_id?, event_type, timestamp, details? (a JSON object)

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/url_policy.h"
#include "import/csv_reader.h"
#include "linkstream/schema/events.h"
#include "view/view.h"

namespace linkstream::api {

enum class ImportKind { kUsers, kUrls, kEvents };

// The required columns the header lacks, as a message; nullopt when it has them all.
std::optional<std::string> missing_columns(ImportKind kind, const CsvTable& table);

// The event for `row`, or the message of what is wrong with it. Rows without an id get
// the next free one from the view; URLs follow `policy` as those created one by one do.
std::variant<schema::Event, std::string> row_event(ImportKind kind, const CsvTable& table,
                                                   const CsvRow& row, View& view,
                                                   const UrlPolicy& policy);

}  // namespace linkstream::api
