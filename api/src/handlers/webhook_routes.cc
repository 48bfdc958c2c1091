// POST/GET /webhooks, GET/DELETE /webhooks/{id}, GET /webhooks/{id}/deliveries and
// POST /webhooks/{id}/deliveries/{delivery_id}/resend (docs/webhooks.md).
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "handlers/listing_answer.h"
#include "handlers/path_id.h"
#include "handlers/routes.h"
#include "handlers/write_answer.h"
#include "http/query_value.h"
#include "json/json_body.h"
#include "linkstream/schema/timestamp.h"

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::Method;

namespace {

// The registration's answer: the webhook as GET /webhooks/{id} shows it, and its secret.
std::string registered_json(const RegisteredWebhook& webhook) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto text = [&w](const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  text("id", webhook.id);
  text("url", webhook.url);
  w.Key("event_types");
  w.StartArray();
  for (const auto& type : webhook.event_types)
    w.String(type.data(), static_cast<rapidjson::SizeType>(type.size()));
  w.EndArray();
  w.Key("url_id");
  if (webhook.url_id) {
    w.Int64(*webhook.url_id);
  } else {
    w.Null();
  }
  text("created_at", schema::format_timestamp(webhook.created_at));
  text("secret", webhook.secret);
  w.EndObject();
  return buffer.GetString();
}

bool known_delivery_state(const std::string& state) {
  return state == "pending" || state == "delivered" || state == "dead" || state == "dropped";
}

void no_such_webhook(const Reply& reply, const std::string& id) {
  reply.error(Code::Not_Found, "webhook " + id + " does not exist");
}

}  // namespace

void add_webhook_routes(Router& router, const Services& s) {
  router.add(Method::Post, "/webhooks",
             [&webhooks = s.webhooks](const auto& request, const auto&, const Reply& reply) {
               FieldError error;
               auto body = JsonBody::parse(request.body(), error);
               if (!body) return reply.field_error(Code::Bad_Request, error.field, error.message);
               NewWebhook webhook;
               auto url = body->required_string("url");
               auto types = body->required_string_array("event_types");
               webhook.url_id = body->optional_integer("url_id");
               if (body->error()) {
                 return reply.field_error(Code::Bad_Request, body->error()->field,
                                          body->error()->message);
               }
               webhook.url = std::move(*url);
               webhook.event_types = std::move(*types);
               webhooks.register_webhook(std::move(webhook), [reply](const WebhookResult& result) {
                 answer_write(reply, result, registered_json);
               });
             });

  router.add(Method::Get, "/webhooks",
             [&listing = s.webhook_listing](const auto& request, const auto&, const Reply& reply) {
               auto page = parse_pagination(request.query());
               if (auto* message = std::get_if<std::string>(&page))
                 return reply.error(Code::Bad_Request, *message);
               listing.list(std::get<PageRequest>(page), [reply](const ListingResult& result) {
                 answer_listing(reply, result);
               });
             });

  router.add(
      Method::Get, "/webhooks/{id}",
      [&listing = s.webhook_listing](const auto&, const PathParams& params, const Reply& reply) {
        const auto& id = params.at("id");
        if (!path_uuid(id)) return no_such_webhook(reply, id);
        listing.find(id, [reply](const ListingResult& result) { answer_listing(reply, result); });
      });

  router.add(Method::Delete, "/webhooks/{id}",
             [&webhooks = s.webhooks](const auto&, const PathParams& params, const Reply& reply) {
               const auto& id = params.at("id");
               if (!path_uuid(id)) return no_such_webhook(reply, id);
               webhooks.remove(id, [reply](const WebhookChange& result) {
                 if (result.status == WriteStatus::kDone) return reply.no_content();
                 answer_write(reply, result, [](const std::string&) { return std::string(); });
               });
             });

  router.add(Method::Get, "/webhooks/{id}/deliveries",
             [&listing = s.webhook_listing](const auto& request, const PathParams& params,
                                            const Reply& reply) {
               const auto& id = params.at("id");
               if (!path_uuid(id)) return no_such_webhook(reply, id);
               auto page = parse_pagination(request.query());
               if (auto* message = std::get_if<std::string>(&page))
                 return reply.error(Code::Bad_Request, *message);
               auto state = query_value(request.query(), "state");
               if (state && !known_delivery_state(*state)) {
                 return reply.field_error(Code::Bad_Request, "state",
                                          "state must be pending, delivered, dead or dropped");
               }
               listing.deliveries(
                   id, state, std::get<PageRequest>(page),
                   [reply](const ListingResult& result) { answer_listing(reply, result); });
             });

  router.add(Method::Post, "/webhooks/{id}/deliveries/{delivery_id}/resend",
             [&webhooks = s.webhooks](const auto&, const PathParams& params, const Reply& reply) {
               const auto& id = params.at("id");
               const auto& delivery_id = params.at("delivery_id");
               if (!path_uuid(id)) return no_such_webhook(reply, id);
               if (!path_uuid(delivery_id)) {
                 return reply.error(Code::Not_Found,
                                    "webhook " + id + " has no delivery " + delivery_id);
               }
               webhooks.resend(id, delivery_id, [reply](const WebhookChange& result) {
                 answer_write(
                     reply, result,
                     [](const std::string& delivery) {
                       return R"({"delivery_id":")" + delivery + R"(","state":"resend requested"})";
                     },
                     Code::Accepted);
               });
             });
}

}  // namespace linkstream::api
