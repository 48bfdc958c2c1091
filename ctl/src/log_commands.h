#pragma once
// linkstreamctl's commands that look at the log and the projector's bookkeeping:
//
//   lag                         per partition: the log's end, where the projector stands
//   voided [--reason R] [--limit N]
//                               events void for every reader (voided_events), by reason
//   dead-letters [list]         messages the projector could not read (dead_letters)
//   dead-letters resend POSITION... | --all
//                               appends dead letters to their topic again, once this
//                               version can read them (after an upgrade that taught it)
//
// Each returns the process exit code and throws on a PostgreSQL or Kafka error (main()
// says what to check).

#include <string>
#include <vector>

#include "settings.h"

namespace linkstream::ctl {

int run_lag(const Settings& settings, const std::vector<std::string>& arguments);
int run_voided(const Settings& settings, const std::vector<std::string>& arguments);
int run_dead_letters(const Settings& settings, const std::vector<std::string>& arguments);

}  // namespace linkstream::ctl
