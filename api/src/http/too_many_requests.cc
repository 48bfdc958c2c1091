#include "http/too_many_requests.h"

#include <string>

namespace linkstream::api {

void answer_too_many_requests(const Reply& reply, std::string_view what, const RateLimit& limit,
                              int retry_after_s) {
  const auto whole = [](double value) { return std::to_string(static_cast<long long>(value)); };
  reply.header("Retry-After", std::to_string(retry_after_s));
  reply.error(Pistache::Http::Code::Too_Many_Requests,
              "too many " + std::string(what) + " from this address (at most " +
                  whole(limit.per_second) + " a second, bursts of " + whole(limit.burst) +
                  "); retry in " + std::to_string(retry_after_s) + " s");
}

}  // namespace linkstream::api
