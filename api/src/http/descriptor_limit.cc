#include "http/descriptor_limit.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace linkstream::api {

std::size_t connections_the_descriptors_allow() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    spdlog::warn("cannot read the descriptor limit ({}): keeping at most 64 connections",
                 std::strerror(errno));
    return 64;
  }
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) {
      limit = raised;
    } else {
      spdlog::warn("cannot raise the descriptor limit from {} to {}: {}", limit.rlim_cur,
                   limit.rlim_max, std::strerror(errno));
    }
  }
  const auto usable = limit.rlim_cur == RLIM_INFINITY ? rlim_t{1'000'000} : limit.rlim_cur;
  return std::max<std::size_t>(64,
                               usable > kReservedDescriptors ? usable - kReservedDescriptors : 0);
}

}  // namespace linkstream::api
