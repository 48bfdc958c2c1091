#include "offset_store.h"

namespace linkstream::projector {

Offsets load_offsets(pqxx::connection& connection) {
  pqxx::read_transaction tx(connection);
  return load_offsets(tx);
}

Offsets load_offsets(pqxx::transaction_base& tx) {
  Offsets offsets;
  for (const auto& row :
       tx.exec(R"(SELECT topic, "partition", next_offset FROM projector_offsets)")) {
    auto topic = schema::topic_from_name(row[0].as<std::string>());
    if (!topic) continue;  // a topic this build does not project
    offsets[{*topic, row[1].as<std::int32_t>()}] = row[2].as<std::int64_t>();
  }
  return offsets;
}

void save_offsets(pqxx::work& tx, const Offsets& offsets) {
  for (const auto& [key, next] : offsets) {
    tx.exec_params(R"(
        INSERT INTO projector_offsets (topic, "partition", next_offset, updated_at)
        VALUES ($1, $2, $3, now())
        ON CONFLICT (topic, "partition")
        DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now())",
                   std::string(schema::topic_name(key.first)), key.second, next);
  }
}

}  // namespace linkstream::projector
