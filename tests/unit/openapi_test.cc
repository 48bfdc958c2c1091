// docs/openapi.yaml against the routes the server really registers.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "handlers/routes.h"

namespace linkstream::api {
namespace {

const std::string kDocument = std::string(LINKSTREAM_SOURCE_DIR) + "/docs/openapi.yaml";

// The api's real route table: every service built as main() builds it, against addresses
// nothing listens on (nothing here connects).
std::set<std::string> server_routes() {
  Config config;
  config.kafka_brokers = "127.0.0.1:9";
  config.pg_uri = "postgresql://nobody@127.0.0.1:9/none";
  View view;
  eventlog::LogWriter writer(
      {.brokers = config.kafka_brokers, .client_id = "openapi-test", .extra = {}});
  HttpMetrics metrics;
  ReadPool pool(config.pg_uri, 1, 1);
  ClickSpool spool({.directory = ::testing::TempDir() + "/openapi-test-spool"});
  ClickRelay relay(spool, writer);
  ProjectionProgress progress(config.pg_uri, {&writer, &relay});
  UserService users(view, writer, config.write_timeout);
  const UrlPolicy url_policy;
  UrlService urls(view, writer, url_policy, config.write_timeout);
  EventService events(view, writer);
  RedirectService redirects(view, spool, config.visitor_salt, [] {});
  ImportService imports(view, writer, url_policy, config.write_timeout);
  EventListing listings(pool, progress, config.freshness_budget);
  UrlHistory history(pool, progress, config.freshness_budget);
  WebhookListing webhook_listing(pool, progress, config.freshness_budget);
  WebhookService webhooks(view, writer, url_policy, config.webhook_key, webhook_listing);
  Router router;
  Drain drain;
  FoldBarrier barrier(view, config.kafka_brokers, "openapi-test");
  TrustedProxies trusted;
  RateLimiter unknown_codes(RateLimit{});
  EventStream stream({.brokers = config.kafka_brokers, .client_id = "openapi-test", .readers = 1},
                     [](std::int64_t) { return std::nullopt; });
  add_all_routes(router, Services{config,          view,     users,    urls,          events,
                                  redirects,       imports,  listings, history,       webhooks,
                                  webhook_listing, progress, spool,    relay,         metrics,
                                  drain,           barrier,  trusted,  unknown_codes, stream});
  std::set<std::string> routes;
  for (const auto& [method, path] : router.routes())
    routes.insert(Pistache::Http::methodString(method) + std::string(" ") + path);
  return routes;
}

std::set<std::string> documented_routes(const YAML::Node& document) {
  std::set<std::string> routes;
  for (const auto& path : document["paths"]) {
    for (const char* method : {"get", "post", "put", "delete", "patch"}) {
      if (!path.second[method]) continue;
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(c));
      routes.insert(upper + " " + path.first.as<std::string>());
    }
  }
  return routes;
}

TEST(OpenApi, DocumentsEveryRouteTheServerHasAndNoOther) {
  const auto document = YAML::LoadFile(kDocument);
  const auto server = server_routes();
  const auto documented = documented_routes(document);
  for (const auto& route : server)
    EXPECT_TRUE(documented.contains(route)) << route << " is served but not documented";
  for (const auto& route : documented)
    EXPECT_TRUE(server.contains(route)) << route << " is documented but not served";
  EXPECT_GE(server.size(), 20u);
}

TEST(OpenApi, EveryErrorAnswerIsDocumentedAsAJsonError) {
  const auto document = YAML::LoadFile(kDocument);
  const auto shared_responses = document["components"]["responses"];
  for (const auto& path : document["paths"]) {
    for (const auto& operation : path.second) {
      if (!operation.second.IsMap() || !operation.second["responses"]) continue;
      const auto where = operation.first.as<std::string>() + " " + path.first.as<std::string>();
      ASSERT_GT(operation.second["responses"].size(), 0u) << where;
      for (const auto& response : operation.second["responses"]) {
        const auto status = response.first.as<std::string>();
        if (status[0] != '4' && status[0] != '5') continue;
        YAML::Node body = response.second;
        if (body["$ref"]) {
          const auto ref = body["$ref"].as<std::string>();
          body = shared_responses[ref.substr(ref.rfind('/') + 1)];
        }
        ASSERT_TRUE(body) << where << " " << status;
        const auto schema = body["content"]["application/json"]["schema"];
        ASSERT_TRUE(schema) << where << " " << status << " has no JSON body";
        if (status != "503" || !schema["$ref"] ||
            schema["$ref"].as<std::string>() != "#/components/schemas/Readiness") {
          EXPECT_EQ(schema["$ref"].as<std::string>(""), "#/components/schemas/Error")
              << where << " " << status;
        }
      }
    }
  }
}

}  // namespace
}  // namespace linkstream::api
