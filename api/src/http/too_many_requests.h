#pragma once
// The one 429 both per-client limits answer (writes, unknown codes): Retry-After with the
// limiter's wait, and a JSON error naming what was limited and the limit itself, so a
// client can tell which budget it spent and how large it is.

#include <string_view>

#include "http/rate_limiter.h"
#include "http/reply.h"

namespace linkstream::api {

// `what`: the requests that were too many, as the message says it ("writes").
void answer_too_many_requests(const Reply& reply, std::string_view what, const RateLimit& limit,
                              int retry_after_s);

}  // namespace linkstream::api
