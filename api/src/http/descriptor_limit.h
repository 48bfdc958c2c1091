#pragma once
// How many client connections the process's descriptors allow.

#include <cstddef>

namespace linkstream::api {

// Raises the soft RLIMIT_NOFILE to the hard one (a service manager's default soft limit,
// 1,024 under systemd, is far below what a server is allowed), then answers that limit
// less kReservedDescriptors: the ones the log, PostgreSQL, the spool, snapshots and
// Pistache itself need whatever the clients hold. At least 64.
std::size_t connections_the_descriptors_allow();

inline constexpr std::size_t kReservedDescriptors = 256;

}  // namespace linkstream::api
