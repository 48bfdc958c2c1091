#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <thread>

#include "handlers/admin_access.h"
#include "handlers/path_id.h"
#include "handlers/routes.h"
#include "http/query_value.h"
#include "http/request_header.h"
#include "linkstream/platform/logging.h"
#include "linkstream/schema/timestamp.h"

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::Method;

namespace {

// What GET /logs keeps of the ring: ?level= (at least), ?since= and ?until= (UTC,
// YYYY-MM-DDTHH:MM:SS), ?request_id= (exact), ?q= (text anywhere in the line).
struct LogFilter {
  int min_rank = 0;
  std::optional<schema::Timestamp> since, until;
  std::string request_id;
  std::string text;

  bool keeps(const platform::LogLine& line) const {
    if (platform::level_rank(line.level) < min_rank) return false;
    const auto second = std::chrono::floor<std::chrono::seconds>(line.time);
    if (since && second < *since) return false;
    if (until && second > *until) return false;
    if (!request_id.empty() && line.request_id != request_id) return false;
    return text.empty() || line.json.find(text) != std::string::npos;
  }
};

// Parses the filter from the query; answers 400 and returns nullopt when it is wrong.
std::optional<LogFilter> parse_log_filter(const Pistache::Http::Uri::Query& query,
                                          const Reply& reply) {
  LogFilter filter;
  filter.min_rank = platform::level_rank(query_value(query, "level").value_or("trace"));
  if (filter.min_rank < 0) {
    reply.error(Code::Bad_Request, "level must be trace, debug, info, warn, error or critical");
    return std::nullopt;
  }
  for (auto [name, bound] :
       {std::pair{"since", &filter.since}, std::pair{"until", &filter.until}}) {
    if (auto text = query_value(query, name)) {
      *bound = schema::parse_timestamp(*text);
      if (!*bound) {
        reply.error(Code::Bad_Request,
                    std::string(name) + " must be a UTC time, YYYY-MM-DDTHH:MM:SS");
        return std::nullopt;
      }
    }
  }
  filter.request_id = query_value(query, "request_id").value_or("");
  filter.text = query_value(query, "q").value_or("");
  return filter;
}

// Requests waiting for new lines (?wait=) at a time: each holds a thread.
constexpr int kMaxWaiting = 8;
std::atomic<int> waiting{0};

// The answer of GET /logs: the matching lines after `after` (the newest `limit`), as a JSON
// array, with X-Log-Seq: the last line looked at, where the next request continues.
void answer_lines(const Reply& reply, const std::vector<platform::LogLine>& lines,
                  const LogFilter& filter, std::size_t limit, std::uint64_t after) {
  std::vector<const std::string*> kept;
  std::uint64_t last = after;
  for (const auto& line : lines) {
    if (line.seq <= after) continue;
    last = line.seq;
    if (filter.keeps(line)) kept.push_back(&line.json);
  }
  std::string body = "[";
  for (std::size_t i = kept.size() > limit ? kept.size() - limit : 0; i < kept.size(); ++i) {
    if (body.size() > 1) body += ",";
    body += *kept[i];
  }
  body += "]";
  reply.header("X-Log-Seq", std::to_string(last));
  reply.json(Code::Ok, std::move(body));
}

// Waits on its own thread (never a Pistache worker's) until a matching line comes after
// `after` or `wait` passes, then answers.
void answer_when_lines_come(Reply reply, LogFilter filter, std::size_t limit, std::uint64_t after,
                            std::chrono::seconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  std::uint64_t seen = after;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    const auto lines = platform::log_lines_after(seen, remaining);
    if (std::any_of(lines.begin(), lines.end(),
                    [&](const platform::LogLine& line) { return filter.keeps(line); })) {
      break;
    }
    if (!lines.empty()) seen = lines.back().seq;
  }
  answer_lines(reply, platform::log_lines_after(after, std::chrono::milliseconds(0)), filter, limit,
               after);
  --waiting;
}

}  // namespace

void add_admin_routes(Router& router, const Services& s) {
  // Recent log lines as a JSON array, newest last (?limit=, default 200), filtered (see
  // LogFilter). Following: ?after=<X-Log-Seq of the previous answer> gives only newer
  // lines, and ?wait=<seconds, at most 30> waits for one (deploy/logs --follow loops so).
  router.add(
      Method::Get, "/logs",
      [&config = s.config](const auto& request, const auto&, const Reply& reply) {
        if (!admitted(request, config, reply)) return;
        const auto& query = request.query();
        const auto filter = parse_log_filter(query, reply);
        if (!filter) return;
        const auto limit = path_id(query_value(query, "limit").value_or("200"));
        if (!limit) return reply.error(Code::Bad_Request, "limit must be a positive integer");
        std::uint64_t after = 0;
        if (auto text = query_value(query, "after"); text && *text != "0") {
          const auto parsed = path_id(*text);
          if (!parsed) return reply.error(Code::Bad_Request, "after must be a line number");
          after = static_cast<std::uint64_t>(*parsed);
        }
        std::int64_t wait = 0;
        if (auto text = query_value(query, "wait"); text && *text != "0") {
          const auto parsed = path_id(*text);
          if (!parsed || *parsed > 30) {
            return reply.error(Code::Bad_Request, "wait must be between 0 and 30 seconds");
          }
          wait = *parsed;
        }
        const auto lines = platform::log_lines_after(after, std::chrono::milliseconds(0));
        const bool have_match =
            std::any_of(lines.begin(), lines.end(),
                        [&](const platform::LogLine& line) { return filter->keeps(line); });
        if (wait == 0 || have_match) {
          return answer_lines(reply, lines, *filter, static_cast<std::size_t>(*limit), after);
        }
        if (++waiting > kMaxWaiting) {
          --waiting;
          reply.header("Retry-After", "1");
          return reply.error(Code::Service_Unavailable, "too many requests wait for log lines");
        }
        std::thread(answer_when_lines_come, reply, *filter, static_cast<std::size_t>(*limit), after,
                    std::chrono::seconds(wait))
            .detach();
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
