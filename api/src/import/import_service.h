#pragma once
// Bulk import of existing data (the three seed formats): every row becomes an event that
// keeps the file's ids and times, and goes through the log like any write.
//
// The rows are appended in batches (1,000 at a time): a batch is in flight until the view
// has judged every row of it (users, URLs) or Kafka has confirmed it (events), then the
// next one starts. A bad row is reported by its line and never stops the others; a row
// identical to what the log holds is a no-op that counts as imported, so importing a file
// twice changes nothing.
//
// A keyed import (Idempotency-Key) gives each row an event id of its own, the same in every
// attempt (domain/idempotency.h): the rows a first attempt put in the log are known to the
// view, so a retry appends only the others and reports the first attempt's rows as
// imported, even rows that had no id in the file (which would otherwise be imported again,
// under new ids). Events rows are not folded by the view: their ids in the file already make
// a second import of them change nothing in the read tables.

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include "domain/idempotency.h"
#include "import/import_report.h"
#include "import/row_events.h"
#include "linkstream/eventlog/log_writer.h"
#include "view/view.h"

namespace linkstream::api {

class ImportService {
 public:
  ImportService(View& view, eventlog::LogWriter& writer, const UrlPolicy& policy,
                std::chrono::milliseconds confirm_timeout, std::size_t batch_size = 1000);

  // `done` gets the report, or a refusal (nothing was imported). Runs on the view's or the
  // writer's thread, or on the caller's.
  using Done = std::function<void(const ImportReport& report, const ImportRefusal* refusal)>;
  void import(ImportKind kind, std::string_view csv, const std::optional<IdempotencyKey>& key,
              Done done);

 private:
  View& view_;
  eventlog::LogWriter& writer_;
  const UrlPolicy& policy_;
  std::chrono::milliseconds confirm_timeout_;
  std::size_t batch_size_;
};

}  // namespace linkstream::api
