#pragma once
// The Pistache handler of the api: keeps connections alive, enforces the body limit,
// routes, answers 404/405/413/500 as JSON, measures every request and logs it (one JSON
// line with its request id, taken from X-Request-Id or made, and returned in that header).
//
// Pistache clones the handler for each worker thread, so all state is shared and
// read-only (router) or thread-safe (metrics).

#include <pistache/http.h>

#include <cstddef>
#include <memory>

#include "http/router.h"
#include "metrics/http_metrics.h"

namespace linkstream::api {

// Which requests get a line in the log: all, only those answered 5xx, or none.
enum class AccessLog { kAll, kErrors, kOff };

class HttpHandler : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(HttpHandler)

  HttpHandler(std::shared_ptr<const Router> router, std::shared_ptr<HttpMetrics> metrics,
              std::size_t max_body_bytes, AccessLog access_log);

  void onRequest(const Pistache::Http::Request& request,
                 Pistache::Http::ResponseWriter response) override;

 private:
  std::shared_ptr<const Router> router_;
  std::shared_ptr<HttpMetrics> metrics_;
  std::size_t max_body_bytes_;
  AccessLog access_log_;
};

}  // namespace linkstream::api
