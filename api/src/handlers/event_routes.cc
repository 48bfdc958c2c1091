#include "handlers/bulk_upload.h"
#include "handlers/listing_answer.h"
#include "handlers/routes.h"
#include "handlers/write_answer.h"
#include "http/query_value.h"
#include "json/entity_json.h"
#include "json/json_body.h"

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::Method;

void add_event_routes(Router& router, const Services& s) {
  router.add(Method::Get, "/events",
             [&listings = s.listings](const auto& request, const auto&, const Reply& reply) {
               const auto& query = request.query();
               auto page = parse_pagination(query);
               if (auto* message = std::get_if<std::string>(&page))
                 return reply.error(Code::Bad_Request, *message);
               EventFilter filter;
               std::string error;
               filter.url_id = integer_parameter(query, "url_id", error);
               filter.user_id = integer_parameter(query, "user_id", error);
               if (!error.empty()) return reply.error(Code::Bad_Request, error);
               filter.event_type = query_value(query, "event_type");
               filter.page = std::get<PageRequest>(page);
               listings.list(std::move(filter), [reply](const ListingResult& result) {
                 answer_listing(reply, result);
               });
             });

  router.add(Method::Post, "/events",
             [&events = s.events](const auto& request, const auto&, const Reply& reply) {
               FieldError error;
               auto body = JsonBody::parse(request.body(), error);
               if (!body) return reply.field_error(Code::Bad_Request, error.field, error.message);
               NewEvent event;
               event.url_id = body->required_integer("url_id");
               event.user_id = body->required_integer("user_id");
               auto event_type = body->required_string("event_type");
               auto details = body->optional_object("details");
               if (body->error())
                 return reply.field_error(Code::Bad_Request, body->error()->field,
                                          body->error()->message);
               event.event_type = std::move(*event_type);
               if (details) event.details = std::move(*details);
               events.record(std::move(event), [reply](const EventResult& result) {
                 answer_write(reply, result, event_json);
               });
             });

  router.add(
      Method::Post, "/events/bulk",
      [&imports = s.imports](const auto& request, const auto&, const Reply& reply) {
        answer_bulk_upload(request, "POST /events/bulk", reply, imports, ImportKind::kEvents);
      },
      s.config.max_upload_bytes);
}

}  // namespace linkstream::api
