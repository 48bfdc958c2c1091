#include "import/import_service.h"

#include <memory>
#include <mutex>

#include "domain/confirmed_append.h"
#include "import/csv_reader.h"

namespace linkstream::api {

namespace {

// Why the log turned an imported row down, in the file's terms.
std::string rejection(schema::VoidReason reason) {
  switch (reason) {
    case schema::VoidReason::kEmailTaken:
      return "email is already registered by another user";
    case schema::VoidReason::kUserIdTaken:
      return "a different user already has this id";
    case schema::VoidReason::kUrlIdTaken:
      return "a different URL already has this id";
    case schema::VoidReason::kShortCodeTaken:
      return "short_code is already taken by another URL";
    default:
      return std::string(schema::describe(reason));
  }
}

struct PendingRow {
  std::size_t line;
  schema::Event event;
};

// One import in progress: hands rows to `submit` a batch at a time.
class ImportRun : public std::enable_shared_from_this<ImportRun> {
 public:
  // `submit` appends one event and reports nullopt (in the log) or why not.
  using Submit =
      std::function<void(const schema::Event&, std::function<void(std::optional<std::string>)>)>;
  using Done = ImportService::Done;

  ImportRun(std::vector<PendingRow> rows, ImportReport report, std::size_t batch_size,
            Submit submit, Done done)
      : rows_(std::move(rows)),
        report_(std::move(report)),
        batch_size_(batch_size),
        submit_(std::move(submit)),
        done_(std::move(done)) {}

  void next_batch() {
    std::vector<const PendingRow*> batch;
    bool finished = false;
    {
      std::lock_guard lock(mutex_);
      if (next_ == rows_.size()) {
        std::sort(report_.errors.begin(), report_.errors.end(),
                  [](const RowError& a, const RowError& b) { return a.line < b.line; });
        finished = true;
      } else {
        const std::size_t end = std::min(rows_.size(), next_ + batch_size_);
        for (; next_ < end; ++next_) batch.push_back(&rows_[next_]);
        in_flight_ = batch.size();
      }
    }
    if (finished) return done_(report_, nullptr);
    // Submitted with no lock held: a refusal may call back at once.
    auto self = shared_from_this();
    for (const auto* row : batch) {
      submit_(row->event, [self, line = row->line](std::optional<std::string> error) {
        self->settled(line, error);
      });
    }
  }

 private:
  void settled(std::size_t line, const std::optional<std::string>& error) {
    bool batch_done;
    {
      std::lock_guard lock(mutex_);
      if (error) {
        report_.errors.push_back({line, *error});
      } else {
        ++report_.imported;
      }
      batch_done = --in_flight_ == 0;
    }
    if (batch_done) next_batch();
  }

  std::mutex mutex_;
  std::vector<PendingRow> rows_;
  ImportReport report_;
  std::size_t batch_size_;
  Submit submit_;
  Done done_;
  std::size_t next_ = 0;
  std::size_t in_flight_ = 0;
};

// Keyed rows the log already holds from an earlier attempt count as imported and are not
// appended again; a refusal when the key's earlier rows came from another file.
std::optional<ImportRefusal> drop_rows_already_imported(const View& view,
                                                        std::vector<PendingRow>& rows,
                                                        ImportReport& report) {
  std::size_t known = 0;
  bool reused = false;
  view.read([&](const schema::State& s) {
    std::erase_if(rows, [&](const PendingRow& row) {
      const auto* earlier = s.keyed_request(row.event.id);
      if (!earlier) return false;
      if (earlier->digest != row.event.request_digest) reused = true;
      ++known;
      return true;
    });
  });
  if (reused) {
    return ImportRefusal{ImportRefusal::Kind::kKeyReused,
                         "this Idempotency-Key was used for another file"};
  }
  report.imported += known;
  return std::nullopt;
}

}  // namespace

ImportService::ImportService(View& view, eventlog::LogWriter& writer, const UrlPolicy& policy,
                             std::chrono::milliseconds confirm_timeout, std::size_t batch_size)
    : view_(view),
      writer_(writer),
      policy_(policy),
      confirm_timeout_(confirm_timeout),
      batch_size_(batch_size) {}

void ImportService::import(ImportKind kind, std::string_view csv,
                           const std::optional<IdempotencyKey>& key, Done done) {
  const CsvTable table = read_csv(csv);
  if (auto missing = missing_columns(kind, table)) {
    const ImportRefusal refusal{ImportRefusal::Kind::kFile, std::move(*missing)};
    return done({}, &refusal);
  }

  ImportReport report;
  report.rows = table.rows.size() + table.errors.size();
  for (const auto& error : table.errors)
    report.errors.push_back({error.line, "not CSV: " + error.message});
  std::vector<PendingRow> rows;
  rows.reserve(table.rows.size());
  for (const auto& row : table.rows) {
    auto event = row_event(kind, table, row, view_, policy_);
    if (auto* message = std::get_if<std::string>(&event)) {
      report.errors.push_back({row.line, std::move(*message)});
    } else {
      rows.push_back({row.line, std::move(std::get<schema::Event>(event))});
    }
  }
  if (key) {
    for (auto& row : rows) apply_key(row.event, row_idempotency_key(*key, row.line));
    if (kind != ImportKind::kEvents) {
      if (auto refusal = drop_rows_already_imported(view_, rows, report))
        return done({}, &*refusal);
    }
  }

  ImportRun::Submit submit;
  if (kind == ImportKind::kEvents) {
    // Events change no entity: Kafka's confirmation is the verdict.
    submit = [this](const schema::Event& event,
                    std::function<void(std::optional<std::string>)> settled) {
      auto refused = writer_.append(event, [settled](const eventlog::Delivery& d) {
        settled(d.ok ? std::nullopt
                     : std::optional<std::string>("the event log is unavailable: " + d.error));
      });
      if (refused) settled(*refused);
    };
  } else {
    submit = [this](const schema::Event& event,
                    std::function<void(std::optional<std::string>)> settled) {
      append_and_await(view_, writer_, event, confirm_timeout_,
                       [settled](const AppendOutcome& outcome) {
                         if (outcome.kind != AppendOutcome::Kind::kFolded)
                           return settled(outcome.error);
                         // A row of an earlier attempt of this import: it is in.
                         if (outcome.verdict.reason == schema::VoidReason::kRepeatedRequest)
                           return settled(std::nullopt);
                         if (!outcome.verdict.accepted())
                           return settled(rejection(outcome.verdict.reason));
                         settled(std::nullopt);
                       });
    };
  }
  auto run = std::make_shared<ImportRun>(std::move(rows), std::move(report), batch_size_,
                                         std::move(submit), std::move(done));
  run->next_batch();
}

}  // namespace linkstream::api
