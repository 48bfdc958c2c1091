#pragma once
// POST /users/bulk, /urls/bulk, /events/bulk: the uploaded CSV file to the import service.

#include <pistache/http.h>

#include <string_view>

#include "http/reply.h"
#include "import/import_service.h"

namespace linkstream::api {

// Takes the file from the multipart field `file` (or, for curl --data-binary, a text/csv
// body), imports it, and answers 201 {"count", "imported", "rows", "errors": [{"line",
// "error"}]}; 400 without a file or with a header that lacks a required column. With an
// Idempotency-Key (of the file, under `route`), a retry reports the rows an earlier attempt
// imported as imported and appends only the others; 422 when the key came with another file.
void answer_bulk_upload(const Pistache::Http::Request& request, std::string_view route,
                        const Reply& reply, ImportService& imports, ImportKind kind);

}  // namespace linkstream::api
