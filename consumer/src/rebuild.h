#pragma once
// Operator commands that project the whole log again, beside the live tables.
//
// rebuild: projects every topic from offset 0 into fresh tables (schema linkstream_rebuild,
//   made by the migrations) while the live tables keep serving; then, with the live
//   projector held between two batches, catches up to exactly its offsets, compares the
//   two sets of tables and swaps the fresh ones in, all in one transaction. The old tables
//   are kept in schema linkstream_retired until the next rebuild.
// verify: the same projection into schema linkstream_verify, compared and then dropped:
//   shows whether the live tables equal a fresh fold of the log.
//
// Both print their progress to stderr and a comparison per table to stdout:
//   compare users: live 400, fresh 400, only live 0, only fresh 0
// (bookkeeping columns that hold the time a row was written are left out).

#include <filesystem>

#include "config.h"

namespace linkstream::projector {

enum class FreshProjection { kRebuildAndSwap, kVerify };

// Returns the process exit code: 0 when the command did its work (and, for verify, the
// tables are equal), 1 otherwise. Throws on a PostgreSQL or Kafka error.
int run_fresh_projection(const Config& config, const std::filesystem::path& migrations,
                         FreshProjection kind);

}  // namespace linkstream::projector
