#include "handlers/path_id.h"
#include "handlers/routes.h"
#include "handlers/write_answer.h"
#include "json/entity_json.h"
#include "json/json_body.h"

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::Method;

void add_url_routes(Router& router, const Services& s) {
  router.add(
      Method::Post, "/urls",
      [&urls = s.urls](const auto& request, const auto&, const Reply& reply) {
        FieldError error;
        auto body = JsonBody::parse(request.body(), error);
        if (!body) return reply.field_error(Code::Bad_Request, error.field, error.message);
        NewUrl url;
        auto user_id = body->required_integer("user_id");
        auto original_url = body->required_string("original_url");
        url.title = body->optional_string("title");
        url.short_code = body->optional_string("short_code");
        if (body->error()) {
          return reply.field_error(Code::Bad_Request, body->error()->field, body->error()->message);
        }
        url.user_id = *user_id;
        url.original_url = std::move(*original_url);
        urls.create(std::move(url),
                    [reply](const UrlResult& result) { answer_write(reply, result, url_json); });
      });

  router.add(Method::Get, "/urls/{id}",
             [&urls = s.urls](const auto&, const PathParams& params, const Reply& reply) {
               auto id = path_id(params.at("id"));
               auto url = id ? urls.find(*id) : std::nullopt;
               if (!url)
                 return reply.error(Code::Not_Found, "url " + params.at("id") + " does not exist");
               reply.json(Code::Ok, url_json(*url));
             });
}

}  // namespace linkstream::api
