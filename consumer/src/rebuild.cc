#include "rebuild.h"

#include <algorithm>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <pqxx/pqxx>
#include <sstream>
#include <vector>

#include "difference_origin.h"
#include "linkstream/eventlog/log_reader.h"
#include "projection.h"
#include "projection_lock.h"
#include "projector.h"
#include "row_writer.h"

namespace linkstream::projector {

namespace {

constexpr const char* kRetiredSchema = "linkstream_retired";
// A catch-up that makes no progress for this long gives up (Kafka unreachable, say).
constexpr auto kStallLimit = std::chrono::minutes(2);

std::int64_t total(const Offsets& offsets) {
  std::int64_t sum = 0;
  for (const auto& [key, next] : offsets) sum += next;
  return sum;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Creates `schema` afresh with the read tables, by running the migrations inside it.
void create_fresh_schema(pqxx::connection& connection, const std::string& schema,
                         const std::filesystem::path& migrations) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(migrations)) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() == ".sql" && !name.empty() && std::isdigit(name[0])) {
      files.push_back(entry.path());
    }
  }
  if (files.empty()) throw std::runtime_error("no migrations in " + migrations.string());
  std::sort(files.begin(), files.end());
  pqxx::work tx(connection);
  tx.exec("DROP SCHEMA IF EXISTS " + tx.quote_name(schema) + " CASCADE");
  tx.exec("CREATE SCHEMA " + tx.quote_name(schema));
  tx.exec("SET LOCAL search_path TO " + tx.quote_name(schema));
  for (const auto& file : files) tx.exec(read_file(file));
  tx.commit();
}

// Projects the log into the fresh tables, never past the given targets: the tables must
// end at exactly the live tables' offsets to be compared and swapped.
class FreshProjector {
 public:
  FreshProjector(const Config& config, const std::string& schema)
      : connection_(config.pg_uri),
        projection_({}, nullptr),
        reader_({.brokers = config.kafka_brokers,
                 .client_id = "linkstream-projector-rebuild",
                 .extra = {}}),
        max_batch_(config.max_batch),
        poll_wait_(config.poll_wait) {
    pqxx::nontransaction(connection_).exec("SET search_path TO " + connection_.quote_name(schema));
    RowWriter::prepare(connection_);
    partitions_ = all_partitions(reader_);
    reader_.assign(projection_.start_positions(partitions_));
  }

  bool reached(const Offsets& targets) const {
    return std::all_of(partitions_.begin(), partitions_.end(), [&](const PartitionKey& key) {
      return offset_of(projection_.offsets(), key) >= offset_of(targets, key);
    });
  }

  // Reads one batch and writes what lies below the targets; holds back the rest.
  void step(const Offsets& targets) {
    for (auto& message : reader_.poll(max_batch_, poll_wait_)) {
      held_[{message.topic, message.partition}].push_back(std::move(message));
    }
    std::vector<eventlog::LogMessage> batch;
    for (auto& [key, queue] : held_) {
      const auto target = offset_of(targets, key);
      while (!queue.empty() && queue.front().offset < target && batch.size() < max_batch_) {
        batch.push_back(std::move(queue.front()));
        queue.pop_front();
      }
    }
    if (batch.empty()) return;
    pqxx::work tx(connection_);
    const auto outcome = projection_.apply(batch, tx);
    tx.commit();
    projection_.committed(outcome.advanced);
  }

  std::int64_t events_written() const { return total(projection_.offsets()); }

 private:
  pqxx::connection connection_;
  Projection projection_;
  eventlog::LogReader reader_;
  std::size_t max_batch_;
  std::chrono::milliseconds poll_wait_;
  std::vector<PartitionKey> partitions_;
  std::map<PartitionKey, std::deque<eventlog::LogMessage>> held_;
};

class Progress {
 public:
  explicit Progress(std::string what) : what_(std::move(what)) {}
  void report(std::int64_t done, std::int64_t of, bool force = false) {
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_ < std::chrono::seconds(1)) return;
    last_ = now;
    const auto percent =
        of > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(of) : 100.0;
    const auto seconds = std::chrono::duration<double>(now - started_).count();
    std::cerr << what_ << ": " << done << " of " << of << " events (" << static_cast<int>(percent)
              << "%), " << static_cast<long long>(seconds > 0 ? done / seconds : 0) << "/s"
              << std::endl;
  }

 private:
  std::string what_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

void catch_up(FreshProjector& fresh, const Offsets& targets, Progress& progress) {
  auto last_progress = std::chrono::steady_clock::now();
  while (!fresh.reached(targets)) {
    const auto before = fresh.events_written();
    fresh.step(targets);
    if (fresh.events_written() != before) last_progress = std::chrono::steady_clock::now();
    if (std::chrono::steady_clock::now() - last_progress > kStallLimit) {
      throw std::runtime_error("no event from the log for two minutes; is Kafka reachable?");
    }
    progress.report(fresh.events_written(), total(targets));
  }
  progress.report(fresh.events_written(), total(targets), true);
}

std::vector<std::string> tables_in(pqxx::transaction_base& tx, const std::string& schema) {
  std::vector<std::string> tables;
  for (const auto& row :
       tx.exec_params("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 "
                      "AND table_type = 'BASE TABLE' ORDER BY table_name",
                      schema)) {
    tables.push_back(row[0].as<std::string>());
  }
  return tables;
}

// The columns that a fresh projection reproduces: all but the times rows were written.
std::string compared_columns(pqxx::transaction_base& tx, const std::string& schema,
                             const std::string& table) {
  std::string columns;
  for (const auto& row :
       tx.exec_params("SELECT column_name FROM information_schema.columns WHERE table_schema = $1 "
                      "AND table_name = $2 AND coalesce(column_default, '') NOT LIKE 'now()%' "
                      "ORDER BY ordinal_position",
                      schema, table)) {
    if (!columns.empty()) columns += ", ";
    columns += tx.quote_name(row[0].as<std::string>());
  }
  return columns;
}

// EXCEPT ALL both ways, table by table; the rows that differ are traced to the log in
// `origins`. True when every table is equal.
bool compare(pqxx::transaction_base& tx, const std::string& live, const std::string& fresh,
             DifferenceOrigins& origins) {
  bool equal = true;
  for (const auto& table : tables_in(tx, fresh)) {
    const auto columns = compared_columns(tx, fresh, table);
    const auto select = [&](const std::string& schema) {
      return "SELECT " + columns + " FROM " + tx.quote_name(schema) + "." + tx.quote_name(table);
    };
    const auto count = [&](const std::string& query) {
      return tx.exec1("SELECT count(*) FROM (" + query + ") AS rows")[0].as<std::int64_t>();
    };
    const auto live_rows = count(select(live));
    const auto fresh_rows = count(select(fresh));
    const auto live_rows_only = select(live) + " EXCEPT ALL " + select(fresh);
    const auto fresh_rows_only = select(fresh) + " EXCEPT ALL " + select(live);
    const auto only_live = count(live_rows_only);
    const auto only_fresh = count(fresh_rows_only);
    std::cout << "compare " << table << ": live " << live_rows << ", fresh " << fresh_rows
              << ", only live " << only_live << ", only fresh " << only_fresh << std::endl;
    if (only_fresh > 0) {
      origins.add(tx, table, fresh_rows_only, DifferenceOrigins::Side::kMissing);
    }
    if (only_live > 0) origins.add(tx, table, live_rows_only, DifferenceOrigins::Side::kExtra);
    equal = equal && only_live == 0 && only_fresh == 0;
  }
  return equal;
}

void swap_in(pqxx::transaction_base& tx, const std::string& live, const std::string& fresh) {
  tx.exec(std::string("DROP SCHEMA IF EXISTS ") + kRetiredSchema + " CASCADE");
  tx.exec(std::string("CREATE SCHEMA ") + kRetiredSchema);
  for (const auto& table : tables_in(tx, fresh)) {
    tx.exec("ALTER TABLE " + tx.quote_name(live) + "." + tx.quote_name(table) + " SET SCHEMA " +
            kRetiredSchema);
    tx.exec("ALTER TABLE " + tx.quote_name(fresh) + "." + tx.quote_name(table) + " SET SCHEMA " +
            tx.quote_name(live));
  }
  tx.exec("DROP SCHEMA " + tx.quote_name(fresh));
}

}  // namespace

int run_fresh_projection(const Config& config, const std::filesystem::path& migrations,
                         FreshProjection kind) {
  const bool rebuild = kind == FreshProjection::kRebuildAndSwap;
  const std::string fresh_schema = rebuild ? "linkstream_rebuild" : "linkstream_verify";
  const std::string what = rebuild ? "rebuild" : "verify";

  pqxx::connection control(config.pg_uri);
  if (!try_maintenance_lock(control)) {
    std::cerr << what << ": another rebuild or verification is running" << std::endl;
    return 1;
  }
  const auto live_schema =
      pqxx::nontransaction(control).exec1("SELECT current_schema()")[0].as<std::string>();
  create_fresh_schema(control, fresh_schema, migrations);
  std::cerr << what << ": projecting the log from offset 0 into schema " << fresh_schema
            << "; the live tables keep serving" << std::endl;

  FreshProjector fresh(config, fresh_schema);
  Progress progress(what);
  // Catch up with the live projector without holding it up, then once more with what it
  // wrote meanwhile, so that the last stretch, under the lock, is short.
  for (int round = 0; round < 2; ++round) catch_up(fresh, load_offsets(control), progress);

  // Hold the live projector between two batches: its tables stand still while the fresh
  // ones catch up to them, are compared, and (for a rebuild) take their place.
  pqxx::work tx(control);
  hold_exclusive_lock(tx);
  catch_up(fresh, load_offsets(tx), progress);
  DifferenceOrigins origins;
  const bool equal = compare(tx, live_schema, fresh_schema, origins);
  for (const auto& line : origins.descriptions()) std::cout << "  " << line << std::endl;
  if (rebuild) {
    swap_in(tx, live_schema, fresh_schema);
    tx.commit();
    std::cout << "rebuild: swapped in the rebuilt tables; the old ones are in schema "
              << kRetiredSchema << (equal ? "; all tables were equal" : "; some tables differed")
              << std::endl;
    return 0;
  }
  tx.abort();
  pqxx::work drop(control);
  drop.exec("DROP SCHEMA " + drop.quote_name(fresh_schema) + " CASCADE");
  drop.commit();
  if (equal) {
    std::cout << "verify: the live tables equal a fresh fold of the log" << std::endl;
    return 0;
  }
  std::cout << "verify: the live tables DIFFER from a fresh fold of the log; to repair them:"
            << std::endl;
  for (const auto& command : origins.repair_commands()) std::cout << "  " << command << std::endl;
  return 1;
}

}  // namespace linkstream::projector
