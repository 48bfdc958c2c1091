#include "projection_lock.h"

namespace linkstream::projector {

namespace {
// Arbitrary, fixed keys in PostgreSQL's advisory lock space ("ls" + purpose).
constexpr long long kTablesLockKey = 0x6c73'0001;
constexpr long long kMaintenanceLockKey = 0x6c73'0002;
constexpr long long kLiveProjectorLockKey = 0x6c73'0003;
}  // namespace

void hold_batch_lock(pqxx::transaction_base& tx) {
  tx.exec_params("SELECT pg_advisory_xact_lock_shared($1)", kTablesLockKey);
}

void hold_exclusive_lock(pqxx::transaction_base& tx) {
  tx.exec_params("SELECT pg_advisory_xact_lock($1)", kTablesLockKey);
}

bool try_live_projector_lock(pqxx::connection& connection) {
  pqxx::nontransaction tx(connection);
  return tx.exec_params1("SELECT pg_try_advisory_lock($1)", kLiveProjectorLockKey)[0].as<bool>();
}

bool try_maintenance_lock(pqxx::connection& connection) {
  pqxx::nontransaction tx(connection);
  return tx.exec_params1("SELECT pg_try_advisory_lock($1)", kMaintenanceLockKey)[0].as<bool>();
}

}  // namespace linkstream::projector
