#include <charconv>
#include <iostream>
#include <optional>
#include <pqxx/pqxx>

#include "log_commands.h"
#include "text_table.h"

namespace linkstream::ctl {

namespace {

struct VoidedFilter {
  std::string reason;  // empty: every reason
  int limit = 20;
};

std::optional<VoidedFilter> parse_filter(const std::vector<std::string>& arguments) {
  VoidedFilter filter;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const bool has_value = i + 1 < arguments.size();
    if (arguments[i] == "--reason" && has_value) {
      filter.reason = arguments[++i];
    } else if (arguments[i] == "--limit" && has_value) {
      const auto& value = arguments[++i];
      const auto [end, error] =
          std::from_chars(value.data(), value.data() + value.size(), filter.limit);
      if (error != std::errc() || end != value.data() + value.size() || filter.limit < 1) {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
  }
  return filter;
}

}  // namespace

int run_voided(const Settings& settings, const std::vector<std::string>& arguments) {
  const auto filter = parse_filter(arguments);
  if (!filter) {
    std::cerr << "usage: linkstreamctl voided [--reason REASON] [--limit N]\n";
    return 2;
  }
  pqxx::connection connection(settings.projector.pg_uri);
  pqxx::nontransaction tx(connection);
  TextTable reasons({"reason", "events", "last voided"});
  for (const auto& row : tx.exec("SELECT reason, count(*), to_char(max(voided_at) AT TIME ZONE "
                                 "'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM voided_events "
                                 "GROUP BY reason ORDER BY count(*) DESC, reason")) {
    reasons.add({row[0].c_str(), with_thousands(row[1].as<std::int64_t>()), row[2].c_str()});
  }
  if (reasons.rows() == 0) {
    std::cout << "no voided events: every event in the log took effect" << std::endl;
    return 0;
  }
  reasons.print(std::cout);
  std::cout << "\nnewest " << filter->limit << (filter->reason.empty() ? "" : " " + filter->reason)
            << ":\n";
  TextTable newest({"position", "type", "reason", "voided at", "data"});
  for (const auto& row : tx.exec_params(
           "SELECT topic || '/' || \"partition\" || '/' || \"offset\", event_type, reason, "
           "to_char(voided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS'), "
           "left((event -> 'data')::text, 100) FROM voided_events WHERE ($1 = '' OR reason = $1) "
           "ORDER BY voided_at DESC, topic, \"partition\", \"offset\" DESC LIMIT $2",
           filter->reason, filter->limit)) {
    newest.add({row[0].c_str(), row[1].c_str(), row[2].c_str(), row[3].c_str(), row[4].c_str()});
  }
  newest.print(std::cout);
  std::cout << "\nA voided event is void for every reader by design (docs/events.md, Ordering "
               "and conflicts); its writer was answered 409 or 404. Nothing to re-send."
            << std::endl;
  return 0;
}

}  // namespace linkstream::ctl
