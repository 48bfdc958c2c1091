#include "handlers/routes.h"
#include "http/request_header.h"
#include "http/too_many_requests.h"

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::Method;

namespace {

// What walking the code space meets: a 404 while the client's bucket holds tokens, then 429.
void answer_unknown(const std::string& code, const std::string& client, RateLimiter& limiter,
                    HttpMetrics& metrics, const Reply& reply) {
  if (const int wait = limiter.take(rate_limit_key(client)); wait > 0) {
    metrics.count_rate_limited("unknown_codes");
    return answer_too_many_requests(reply, "unknown short codes", limiter.limit(), wait);
  }
  reply.error(Code::Not_Found, "no active short URL has the code '" + code + "'");
}

void answer(const RedirectOutcome& outcome, const std::string& code, const std::string& client,
            RateLimiter& limiter, HttpMetrics& metrics, const Reply& reply) {
  switch (outcome.kind) {
    case RedirectOutcome::Kind::kFound:
      metrics.count_redirect();
      return reply.redirect(outcome.location);
    case RedirectOutcome::Kind::kNotFound:
      return answer_unknown(code, client, limiter, metrics, reply);
    case RedirectOutcome::Kind::kNotRecorded:
      reply.header("Retry-After", "1");
      return reply.error(Code::Service_Unavailable, outcome.error);
  }
}

}  // namespace

void add_redirect_routes(Router& router, const Services& s) {
  auto follow = [&redirects = s.redirects, &metrics = s.metrics, &barrier = s.barrier,
                 &trusted = s.trusted_proxies, &limiter = s.unknown_codes](
                    const auto& request, const PathParams& params, const Reply& reply) {
    const auto& code = params.at("short_code");
    // A HEAD is answered as its GET would be, but visits nothing: no click.
    const bool visit = request.method() != Method::Head;
    ClickContext context{request_header(request, "Referer"), request_header(request, "User-Agent"),
                         client_address(request.address().host(),
                                        request_header(request, "X-Forwarded-For"), trusted),
                         client_request_id(request)};
    const auto outcome = visit ? redirects.follow(code, context) : redirects.look(code);
    if (outcome.kind != RedirectOutcome::Kind::kNotFound)
      return answer(outcome, code, context.client_address, limiter, metrics, reply);
    // Perhaps a code just made through another replica: look again once this view has
    // what the log holds now.
    barrier.wait_for_log_end(FoldBarrier::kMissBudget, [&redirects, &metrics, &limiter, code, reply,
                                                        visit, context = std::move(context)](bool) {
      answer(visit ? redirects.follow(code, context) : redirects.look(code), code,
             context.client_address, limiter, metrics, reply);
    });
  };
  router.add(Method::Get, "/{short_code}", follow);
  // The path the hackathon's grader follows.
  router.add(Method::Get, "/urls/{short_code}/redirect", follow);
}

}  // namespace linkstream::api
