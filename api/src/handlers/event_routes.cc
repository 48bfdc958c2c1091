#include "handlers/routes.h"

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::Method;

void add_event_routes(Router& router, const Services& s) {
  router.add(Method::Get, "/events",
             [&events = s.events](const auto& request, const auto&, const Reply& reply) {
               const auto& query = request.query();
               auto page = parse_pagination(query);
               if (auto* message = std::get_if<std::string>(&page))
                 return reply.error(Code::Bad_Request, *message);
               EventFilter filter;
               std::string error;
               filter.url_id = integer_parameter(query, "url_id", error);
               filter.user_id = integer_parameter(query, "user_id", error);
               if (!error.empty()) return reply.error(Code::Bad_Request, error);
               filter.event_type = query.get("event_type");
               filter.page = std::get<PageRequest>(page);
               events.list(std::move(filter), [reply](const ListingResult& result) {
                 if (!result.ok) {
                   reply.header("Retry-After", "1");
                   return reply.error(Code::Service_Unavailable, result.error);
                 }
                 reply.json(Code::Ok, result.json);
               });
             });
}

}  // namespace linkstream::api
