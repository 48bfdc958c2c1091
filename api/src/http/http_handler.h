#pragma once
// The Pistache handler of the api: checks each request's framing before Pistache parses
// it (request_head.h), keeps connections alive, enforces the body limit, routes, answers
// 400/404/405/413/414/429/431/500 as JSON (Pistache's own parse errors too), measures every request
// and logs it (one JSON line with its request id, taken from X-Request-Id or made, and returned in
// that header; successful redirects are sampled, see AccessLogPolicy).
//
// Pistache clones the handler for each worker thread, so all state is shared and
// read-only (router) or thread-safe (metrics).

#include <pistache/http.h>

#include <cstddef>
#include <memory>
#include <string>

#include "http/answer_path.h"
#include "http/client_address.h"
#include "http/connection_table.h"
#include "http/drain.h"
#include "http/framing_guard.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "metrics/http_metrics.h"

namespace linkstream::api {

// Which requests get a line in the log: all, only those answered 5xx, or none.
enum class AccessLog { kAll, kErrors, kOff };

struct AccessLogPolicy {
  AccessLog mode = AccessLog::kAll;
  // With kAll, one 302 in this many gets a line (1: every one). A redirect is the one
  // request that comes by the ten thousand per second; every other answer, and every
  // error, is always logged.
  int redirect_sample = 100;
};

class HttpHandler : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(HttpHandler)

  // `write_limiter`: the token buckets of writes (POST, PUT, PATCH, DELETE), per client
  // address as `trusted_proxies` tell it; `connections`: every connection of every worker,
  // admitted and timed there (connection_table.h).
  HttpHandler(std::shared_ptr<const Router> router, std::shared_ptr<HttpMetrics> metrics,
              std::shared_ptr<const Drain> drain, std::size_t max_body_bytes,
              AccessLogPolicy access_log, std::shared_ptr<const TrustedProxies> trusted_proxies,
              std::shared_ptr<RateLimiter> write_limiter,
              std::shared_ptr<ConnectionTable> connections);

  // Not called by Pistache (onInput below is ours): a request given here is served with
  // its answer through Pistache's write queue.
  void onRequest(const Pistache::Http::Request& request,
                 Pistache::Http::ResponseWriter response) override;

  // Every chunk a connection reads: its request heads checked (framing_guard.h), then
  // Pistache's parser; refusals and Pistache's own errors answered as JSON.
  void onInput(const char* buffer, std::size_t length,
               const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

  // A connection opens: admitted, told it is one too many from its address (its first
  // request gets 429), or closed at once when the api holds all it keeps.
  void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

 private:
  // Routes one parsed request and answers it through the connection's `answers`.
  void serve(const Pistache::Http::Request& request, Pistache::Http::ResponseWriter response,
             std::shared_ptr<AnswerPath> answers);
  void refuse(const std::shared_ptr<Pistache::Tcp::Peer>& peer,
              Pistache::Http::RequestParser& parser, FramingGuard& guard, int status,
              const std::string& message, const std::string& allow = "");
  // The Allow header of a request whose method this server does not know (405): the
  // methods the router has for its target's path; empty when it has none.
  std::string allowed_on(std::string_view target) const;

  std::shared_ptr<const Router> router_;
  std::shared_ptr<HttpMetrics> metrics_;
  std::shared_ptr<const Drain> drain_;
  std::size_t max_body_bytes_;
  AccessLogPolicy access_log_;
  std::shared_ptr<const TrustedProxies> trusted_proxies_;
  std::shared_ptr<RateLimiter> write_limiter_;
  std::shared_ptr<ConnectionTable> connections_;

  // Whether a write is refused by its client's bucket (then answered 429 here).
  bool write_refused(const Pistache::Http::Request& request, const Reply& reply) const;
};

}  // namespace linkstream::api
