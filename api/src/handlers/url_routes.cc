#include "handlers/bulk_upload.h"
#include "handlers/find_or_wait.h"
#include "handlers/idempotency_header.h"
#include "handlers/listing_answer.h"
#include "handlers/path_id.h"
#include "handlers/routes.h"
#include "handlers/write_answer.h"
#include "http/instant_parameter.h"
#include "http/query_value.h"
#include "json/entity_json.h"
#include "json/json_body.h"

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::Method;

namespace {

constexpr const char* kAsOfFormat =
    "as_of must be an RFC 3339 date-time (2026-12-02T18:04:31Z) or a time as this API writes "
    "them (2026-12-02T18:04:31, UTC)";

// ?is_active=true|false; anything else is the client's mistake.
std::optional<bool> is_active_parameter(const Pistache::Http::Uri::Query& query,
                                        std::string& error) {
  auto text = query_value(query, "is_active");
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "True" || *text == "1") return true;
  if (*text == "false" || *text == "False" || *text == "0") return false;
  error = "is_active must be true or false";
  return std::nullopt;
}

}  // namespace

void add_url_routes(Router& router, const Services& s) {
  router.add(Method::Get, "/urls",
             [&urls = s.urls](const auto& request, const auto&, const Reply& reply) {
               const auto& query = request.query();
               auto page = parse_pagination(query);
               if (auto* message = std::get_if<std::string>(&page))
                 return reply.error(Code::Bad_Request, *message);
               std::string error;
               UrlFilter filter{integer_parameter(query, "user_id", error),
                                is_active_parameter(query, error), std::get<PageRequest>(page)};
               if (!error.empty()) return reply.error(Code::Bad_Request, error);
               reply.json(Code::Ok, urls_json(urls.list(filter)));
             });

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
        if (body->error())
          return reply.field_error(Code::Bad_Request, body->error()->field, body->error()->message);
        url.user_id = *user_id;
        url.original_url = std::move(*original_url);
        auto key = idempotency_key_of(request, "POST /urls", request.body(), reply);
        if (!key) return;
        url.key = std::move(*key);
        urls.create(std::move(url),
                    [reply](const UrlResult& result) { answer_write(reply, result, url_json); });
      });

  router.add(
      Method::Post, "/urls/bulk",
      [&imports = s.imports](const auto& request, const auto&, const Reply& reply) {
        answer_bulk_upload(request, "POST /urls/bulk", reply, imports, ImportKind::kUrls);
      },
      s.config.max_upload_bytes);

  router.add(Method::Get, "/urls/{id}",
             [&urls = s.urls, &barrier = s.barrier, &history = s.history](
                 const auto& request, const PathParams& params, const Reply& reply) {
               const auto id = path_id(params.at("id"));
               if (!id)
                 return reply.error(Code::Not_Found, "url " + params.at("id") + " does not exist");
               // The URL as it was: from its versions (a deleted URL's too), not the view.
               if (auto as_of = query_value(request.query(), "as_of")) {
                 auto at = parse_instant(*as_of);
                 if (!at) return reply.field_error(Code::Bad_Request, "as_of", kAsOfFormat);
                 return history.as_of(*id, *at, [reply](const ListingResult& result) {
                   answer_listing(reply, result);
                 });
               }
               find_or_wait(
                   barrier, [&urls, id = *id] { return urls.find(id); },
                   [reply, id = *id](const std::optional<schema::Url>& url) {
                     if (!url)
                       return reply.error(Code::Not_Found,
                                          "url " + std::to_string(id) + " does not exist");
                     reply.json(Code::Ok, url_json(*url));
                   });
             });

  router.add(Method::Put, "/urls/{id}",
             [&urls = s.urls](const auto& request, const PathParams& params, const Reply& reply) {
               auto id = path_id(params.at("id"));
               if (!id)
                 return reply.error(Code::Not_Found, "url " + params.at("id") + " does not exist");
               FieldError error;
               auto body = JsonBody::parse(request.body(), error);
               if (!body) return reply.field_error(Code::Bad_Request, error.field, error.message);
               UrlChanges changes;
               changes.original_url = body->optional_string("original_url");
               if (body->has("title")) changes.title = body->optional_string("title");
               changes.is_active = body->optional_boolean("is_active");
               if (body->error()) {
                 return reply.field_error(Code::Bad_Request, body->error()->field,
                                          body->error()->message);
               }
               urls.update(*id, std::move(changes), [reply](const UrlResult& result) {
                 answer_write(reply, result, url_json, Code::Ok);
               });
             });

  router.add(Method::Delete, "/urls/{id}",
             [&urls = s.urls](const auto&, const PathParams& params, const Reply& reply) {
               auto id = path_id(params.at("id"));
               if (!id)
                 return reply.error(Code::Not_Found, "url " + params.at("id") + " does not exist");
               urls.remove(*id, [reply](const UrlResult& result) {
                 if (result.status == WriteStatus::kDone) return reply.no_content();
                 answer_write(reply, result, url_json);
               });
             });

  router.add(
      Method::Get, "/urls/{id}/history",
      [&history = s.history](const auto& request, const PathParams& params, const Reply& reply) {
        auto id = path_id(params.at("id"));
        if (!id) return reply.error(Code::Not_Found, "url " + params.at("id") + " does not exist");
        auto page = parse_pagination(request.query());
        if (auto* message = std::get_if<std::string>(&page))
          return reply.error(Code::Bad_Request, *message);
        history.versions(*id, std::get<PageRequest>(page),
                         [reply](const ListingResult& result) { answer_listing(reply, result); });
      });

  router.add(Method::Get, "/urls/{id}/stats",
             [&urls = s.urls, &listings = s.listings](const auto&, const PathParams& params,
                                                      const Reply& reply) {
               auto id = path_id(params.at("id"));
               auto url = id ? urls.find(*id) : std::nullopt;
               if (!url)
                 return reply.error(Code::Not_Found, "url " + params.at("id") + " does not exist");
               listings.stats(url->id, url->short_code, [reply](const ListingResult& result) {
                 answer_listing(reply, result);
               });
             });
}

}  // namespace linkstream::api
