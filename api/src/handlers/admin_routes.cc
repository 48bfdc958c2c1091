#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "handlers/path_id.h"
#include "handlers/routes.h"
#include "http/request_header.h"
#include "linkstream/platform/logging.h"
#include "linkstream/schema/timestamp.h"

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::Method;

namespace {

// Admin endpoints need `Authorization: Bearer <LINKSTREAM_ADMIN_TOKEN>`. Answers and
// returns false when the request may not pass.
bool admitted(const Pistache::Http::Request& request, const Config& config, const Reply& reply) {
  if (config.admin_token.empty()) {
    reply.error(Code::Forbidden, "admin endpoints are disabled: set LINKSTREAM_ADMIN_TOKEN");
    return false;
  }
  auto authorization = request_header(request, "Authorization");
  if (!authorization || *authorization != "Bearer " + config.admin_token) {
    reply.header("WWW-Authenticate", "Bearer");
    reply.error(Code::Unauthorized,
                "this endpoint needs the admin token: Authorization: Bearer <token>");
    return false;
  }
  return true;
}

int level_rank(std::string_view level) {
  static constexpr std::string_view kLevels[] = {"trace",   "debug", "info",
                                                 "warning", "error", "critical"};
  if (level == "warn") level = "warning";
  for (int i = 0; i < 6; ++i) {
    if (kLevels[i] == level) return i;
  }
  return -1;
}

}  // namespace

void add_admin_routes(Router& router, const Services& s) {
  // Recent log lines: ?level= (at least), ?q= (text), ?limit= (newest N, default 200).
  router.add(
      Method::Get, "/logs",
      [&config = s.config](const auto& request, const auto&, const Reply& reply) {
        if (!admitted(request, config, reply)) return;
        const auto& query = request.query();
        const int min_rank = level_rank(query.get("level").value_or("trace"));
        if (min_rank < 0)
          return reply.error(Code::Bad_Request,
                             "level must be trace, debug, info, warn, error or critical");
        const auto text = query.get("q").value_or("");
        std::string error;
        const auto limit = path_id(query.get("limit").value_or("200"));
        if (!limit) return reply.error(Code::Bad_Request, "limit must be a positive integer");
        std::vector<platform::LogLine> kept;
        for (auto& line : platform::recent_log_lines()) {
          if (level_rank(line.level) < min_rank) continue;
          if (!text.empty() && line.message.find(text) == std::string::npos) continue;
          kept.push_back(std::move(line));
        }
        const std::size_t first =
            kept.size() > static_cast<std::size_t>(*limit) ? kept.size() - *limit : 0;
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
        w.StartArray();
        for (std::size_t i = first; i < kept.size(); ++i) {
          w.StartObject();
          w.Key("time");
          w.String(schema::format_timestamp(std::chrono::floor<std::chrono::seconds>(kept[i].time))
                       .c_str());
          w.Key("level");
          w.String(kept[i].level.c_str());
          w.Key("component");
          w.String(kept[i].component.c_str());
          w.Key("message");
          w.String(kept[i].message.c_str());
          w.EndObject();
        }
        w.EndArray();
        reply.json(Code::Ok, buffer.GetString());
      });

  // Crashes the process on purpose, so that supervision can be seen to restart it.
  router.add(
      Method::Post, "/chaos",
      [&config = s.config](const auto& request, const auto&, const Reply& reply) {
        if (!admitted(request, config, reply)) return;
        if (!config.chaos_enabled) {
          return reply.error(Code::Forbidden,
                             "chaos is disabled: set LINKSTREAM_CHAOS_ENABLED=true");
        }
        spdlog::critical("POST /chaos: crashing on purpose in 200 ms");
        reply.json(Code::Accepted, R"({"status":"crashing","in_ms":200})");
        std::thread([] {
          std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let the answer leave
          std::abort();
        }).detach();
      });
}

}  // namespace linkstream::api
