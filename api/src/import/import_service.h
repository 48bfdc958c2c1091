#pragma once
// Bulk import of existing data (the three seed formats): every row becomes an event that
// keeps the file's ids and times, and goes through the log like any write.
//
// The rows are appended in batches (1,000 at a time): a batch is in flight until the view
// has judged every row of it (users, URLs) or Kafka has confirmed it (events), then the
// next one starts. A bad row is reported by its line and never stops the others; a row
// identical to what the log holds is a no-op that counts as imported, so importing a file
// twice changes nothing.

#include <chrono>
#include <functional>
#include <string_view>

#include "import/import_report.h"
#include "import/row_events.h"
#include "linkstream/eventlog/log_writer.h"
#include "view/view.h"

namespace linkstream::api {

class ImportService {
 public:
  ImportService(View& view, eventlog::LogWriter& writer, std::chrono::milliseconds confirm_timeout,
                std::size_t batch_size = 1000);

  // `done` gets the report, or `file_error` (nothing was imported) when the file's header
  // lacks a required column. Runs on the view's or the writer's thread.
  void import(ImportKind kind, std::string_view csv,
              std::function<void(const ImportReport& report, const std::string& file_error)> done);

 private:
  View& view_;
  eventlog::LogWriter& writer_;
  std::chrono::milliseconds confirm_timeout_;
  std::size_t batch_size_;
};

}  // namespace linkstream::api
