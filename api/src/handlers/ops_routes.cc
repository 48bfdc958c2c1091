#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include "handlers/admin_access.h"
#include "handlers/routes.h"
#include "linkstream/schema/timestamp.h"

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::Method;

void add_ops_routes(Router& router, const Services& s) {
  // Liveness: answers while the process serves HTTP; touches nothing else.
  router.add(Method::Get, "/health", [](const auto&, const auto&, const Reply& reply) {
    reply.json(Code::Ok, R"({"status":"ok"})");
  });

  // Readiness: 200 when this replica can serve redirects and writes (its view has caught
  // up with the log); the projection's state is reported, but PostgreSQL being away only
  // affects listings, so it does not make the replica unready.
  // Which process answers, and since when: after a crash, supervision starts a new one.
  const std::string started_at = schema::format_timestamp(schema::now());
  const auto pid = static_cast<std::int64_t>(::getpid());
  router.add(Method::Get, "/health/ready",
             [&view = s.view, &progress = s.progress, &config = s.config, &drain = s.drain,
              started_at, pid](const auto& request, const auto&, const Reply& reply) {
               const bool draining = drain.started();
               const bool ready = view.caught_up() && !draining;
               const char* status = draining ? "draining" : ready ? "ready" : "hydrating";
               const auto code = ready ? Code::Ok : Code::Service_Unavailable;
               // A load balancer needs the status; the rest is for operators.
               if (config.ops_details == "token" && !has_admin_token(request, config)) {
                 return reply.json(code, std::string(R"({"status":")") + status + "\"}");
               }
               const auto committed = progress.committed();
               rapidjson::StringBuffer buffer;
               rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
               w.StartObject();
               w.Key("status");
               w.String(status);
               w.Key("replica");
               w.String(config.replica_id.c_str());
               w.Key("pid");
               w.Int64(pid);
               w.Key("started_at");
               w.String(started_at.c_str());
               w.Key("view");
               w.StartObject();
               w.Key("caught_up");
               w.Bool(view.caught_up());
               w.Key("events_folded");
               w.Int64(view.events_folded());
               w.Key("behind_log");
               w.Int64(view.lag());
               w.Key("serving_snapshot");
               w.Bool(view.serving_snapshot());
               w.EndObject();
               w.Key("projection");
               w.StartObject();
               w.Key("postgres_reachable");
               w.Bool(committed.has_value());
               w.Key("committed_offsets");
               w.StartObject();
               if (committed) {
                 for (const auto& [partition, next] : *committed) {
                   const auto key = std::string(schema::topic_name(partition.first)) + "/" +
                                    std::to_string(partition.second);
                   w.Key(key.c_str());
                   w.Int64(next);
                 }
               }
               w.EndObject();
               w.EndObject();
               w.EndObject();
               reply.json(code, buffer.GetString());
             });

  router.add(Method::Get, "/metrics",
             [&metrics = s.metrics, &config = s.config](const auto& request, const auto&,
                                                        const Reply& reply) {
               if (config.ops_details == "token" && !admitted(request, config, reply)) return;
               reply.text(Code::Ok, metrics.exposition(), "text/plain; version=0.0.4");
             });
}

}  // namespace linkstream::api
