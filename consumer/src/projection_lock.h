#pragma once
// Who may write the read tables when. The live projector holds the shared lock for each
// batch transaction; a rebuild's swap, a verification and a replay's rewind hold the
// exclusive one, so that the live projector's tables stand still while they are compared,
// swapped or rewound. (A PostgreSQL advisory lock, held until the transaction ends: it
// names no table, so a batch that waited on it resolves table names after a swap.)

#include <pqxx/pqxx>

namespace linkstream::projector {

void hold_batch_lock(pqxx::transaction_base& tx);
void hold_exclusive_lock(pqxx::transaction_base& tx);

// One live projector at a time: two would each commit batches from their own offsets, and
// a slower one would move projector_offsets back under the other. Session-level, so it goes
// with the connection (a projector that dies or loses PostgreSQL lets a standby take over).
// False when another projector holds it.
bool try_live_projector_lock(pqxx::connection& connection);

// One rebuild or verification at a time (they own scratch schemas): false when another
// holds it. Held by the connection until it closes.
bool try_maintenance_lock(pqxx::connection& connection);

}  // namespace linkstream::projector
