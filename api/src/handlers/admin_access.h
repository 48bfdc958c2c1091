#pragma once
// Who may use the admin endpoints (and, with LINKSTREAM_OPS_DETAILS=token, the metrics and
// the readiness details): the holder of `Authorization: Bearer <LINKSTREAM_ADMIN_TOKEN>`,
// the token compared in constant time.

#include <pistache/http.h>

#include "config.h"
#include "http/reply.h"

namespace linkstream::api {

// Whether the request carries the admin token; never answers.
bool has_admin_token(const Pistache::Http::Request& request, const Config& config);

// Answers 403 (no token configured) or 401 and returns false when the request may not pass.
bool admitted(const Pistache::Http::Request& request, const Config& config, const Reply& reply);

}  // namespace linkstream::api
