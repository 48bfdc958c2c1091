#include "handlers/routes.h"

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::Method;

void add_ops_routes(Router& router, const Services& s) {
  // Liveness: answers while the process serves HTTP; touches nothing else.
  router.add(Method::Get, "/health", [](const auto&, const auto&, const Reply& reply) {
    reply.json(Code::Ok, R"({"status":"ok"})");
  });

  // Readiness: the view has caught up with the log.
  router.add(Method::Get, "/health/ready",
             [&view = s.view](const auto&, const auto&, const Reply& reply) {
               const bool ready = view.caught_up();
               reply.json(ready ? Code::Ok : Code::Service_Unavailable,
                          std::string(R"({"status":")") + (ready ? "ready" : "hydrating") +
                              R"(","view":{"caught_up":)" + (ready ? "true" : "false") +
                              R"(,"events_folded":)" + std::to_string(view.events_folded()) + "}}");
             });

  router.add(Method::Get, "/metrics",
             [&metrics = s.metrics](const auto&, const auto&, const Reply& reply) {
               reply.text(Code::Ok, metrics.exposition(), "text/plain; version=0.0.4");
             });
}

}  // namespace linkstream::api
