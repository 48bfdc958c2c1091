#include "handlers/bulk_upload.h"
#include "handlers/find_or_wait.h"
#include "handlers/idempotency_header.h"
#include "handlers/path_id.h"
#include "handlers/routes.h"
#include "handlers/write_answer.h"
#include "json/entity_json.h"
#include "json/json_body.h"

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::Method;

void add_user_routes(Router& router, const Services& s) {
  router.add(Method::Get, "/users",
             [&users = s.users](const auto& request, const auto&, const Reply& reply) {
               auto page = parse_pagination(request.query());
               if (auto* message = std::get_if<std::string>(&page))
                 return reply.error(Code::Bad_Request, *message);
               reply.json(Code::Ok, users_json(users.list(std::get<PageRequest>(page))));
             });

  router.add(
      Method::Post, "/users",
      [&users = s.users](const auto& request, const auto&, const Reply& reply) {
        FieldError error;
        auto body = JsonBody::parse(request.body(), error);
        if (!body) return reply.field_error(Code::Bad_Request, error.field, error.message);
        auto username = body->required_string("username");
        auto email = body->required_string("email");
        if (body->error())
          return reply.field_error(Code::Bad_Request, body->error()->field, body->error()->message);
        auto key = idempotency_key_of(request, "POST /users", request.body(), reply);
        if (!key) return;
        users.create(NewUser{std::move(*username), std::move(*email), std::move(*key)},
                     [reply](const UserResult& result) { answer_write(reply, result, user_json); });
      });

  router.add(
      Method::Post, "/users/bulk",
      [&imports = s.imports](const auto& request, const auto&, const Reply& reply) {
        answer_bulk_upload(request, "POST /users/bulk", reply, imports, ImportKind::kUsers);
      },
      s.config.max_upload_bytes);

  router.add(Method::Get, "/users/{id}",
             [&users = s.users, &barrier = s.barrier](const auto&, const PathParams& params,
                                                      const Reply& reply) {
               const auto id = path_id(params.at("id"));
               if (!id)
                 return reply.error(Code::Not_Found, "user " + params.at("id") + " does not exist");
               find_or_wait(
                   barrier, [&users, id = *id] { return users.find(id); },
                   [reply, id = *id](const std::optional<schema::User>& user) {
                     if (!user)
                       return reply.error(Code::Not_Found,
                                          "user " + std::to_string(id) + " does not exist");
                     reply.json(Code::Ok, user_json(*user));
                   });
             });

  router.add(
      Method::Put, "/users/{id}",
      [&users = s.users](const auto& request, const PathParams& params, const Reply& reply) {
        auto id = path_id(params.at("id"));
        if (!id) return reply.error(Code::Not_Found, "user " + params.at("id") + " does not exist");
        FieldError error;
        auto body = JsonBody::parse(request.body(), error);
        if (!body) return reply.field_error(Code::Bad_Request, error.field, error.message);
        UserChanges changes{body->optional_string("username"), body->optional_string("email")};
        if (body->error()) {
          return reply.field_error(Code::Bad_Request, body->error()->field, body->error()->message);
        }
        users.update(*id, std::move(changes), [reply](const UserResult& result) {
          answer_write(reply, result, user_json, Code::Ok);
        });
      });

  router.add(Method::Delete, "/users/{id}",
             [&users = s.users](const auto&, const PathParams& params, const Reply& reply) {
               auto id = path_id(params.at("id"));
               if (!id)
                 return reply.error(Code::Not_Found, "user " + params.at("id") + " does not exist");
               users.remove(*id, [reply](const UserResult& result) {
                 if (result.status == WriteStatus::kDone) return reply.no_content();
                 answer_write(reply, result, user_json);
               });
             });
}

}  // namespace linkstream::api
