#include <string>

#include "handlers/routes.h"
#include "http/pagination.h"
#include "http/query_value.h"
#include "http/request_header.h"
#include "json/compact_json.h"
#include "stream/event_stream.h"

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::Method;

namespace {

// The query of GET /events/stream as a read, or the message of a 400 (in `error`).
std::optional<StreamRead> stream_read(const Pistache::Http::Request& request, std::string& error) {
  const auto& query = request.query();
  StreamRead read;
  // Both are checked when both are given; `after` wins.
  for (const auto& [name, given] :
       {std::pair{"Last-Event-ID", request_header(request, "Last-Event-ID")},
        std::pair{"after", query_value(query, "after")}}) {
    if (!given) continue;
    if (*given == "end") {
      read.from_end = true;
      read.after = {};
      continue;
    }
    auto cursor = StreamCursor::parse(*given);
    if (auto* message = std::get_if<std::string>(&cursor)) {
      error = std::string(name) + ": " + *message;
      return std::nullopt;
    }
    read.from_end = false;
    read.after = std::get<StreamCursor>(std::move(cursor));
  }
  if (auto types = query_value(query, "type")) {
    if (auto message = StreamFilter::parse_types(*types, read.filter)) {
      error = *message;
      return std::nullopt;
    }
  }
  read.filter.url_id = integer_parameter(query, "url_id", error);
  read.filter.user_id = integer_parameter(query, "user_id", error);
  const auto limit = integer_parameter(query, "limit", error);
  const auto wait = integer_parameter(query, "wait", error);
  if (!error.empty()) return std::nullopt;
  if (limit && (*limit < 1 || *limit > static_cast<std::int64_t>(EventStream::kMaxLimit))) {
    error = "limit must be between 1 and " + std::to_string(EventStream::kMaxLimit);
    return std::nullopt;
  }
  if (wait && (*wait < 0 || *wait > EventStream::kMaxWait.count())) {
    error =
        "wait must be between 0 and " + std::to_string(EventStream::kMaxWait.count()) + " seconds";
    return std::nullopt;
  }
  if (limit) read.limit = static_cast<std::size_t>(*limit);
  if (wait) read.wait = std::chrono::seconds(*wait);
  return read;
}

// {"position": ..., "topic": ..., "partition": ..., "offset": ..., "event": {...}}
std::string event_line(const StreamedEvent& event, const std::string& payload) {
  std::string line = "{\"position\":\"" + event.cursor + "\",\"topic\":\"";
  line += schema::topic_name(event.topic);
  line += "\",\"partition\":" + std::to_string(event.partition) +
          ",\"offset\":" + std::to_string(event.offset) + ",\"event\":" + payload + "}";
  return line;
}

// NDJSON: one line per event. Server-sent events: one event per log event (its id the
// position, its name the event type), then an event of an id alone, the position after
// everything read: a browser's EventSource sends it back as Last-Event-ID when it
// reconnects, which it does once this answer ends (after `retry` ms).
std::string stream_body(const StreamBatch& batch, bool server_sent_events) {
  std::string body;
  if (server_sent_events) body = "retry: 500\n\n";
  for (const auto& event : batch.events) {
    const auto payload = compact_json(event.payload);
    if (!payload) continue;  // decoded by the reader, so always JSON
    if (server_sent_events) {
      body += "id: " + event.cursor + "\nevent: " + event.type +
              "\ndata: " + event_line(event, *payload) + "\n\n";
    } else {
      body += event_line(event, *payload) + "\n";
    }
  }
  if (server_sent_events) body += "id: " + batch.cursor + "\n\n";
  return body;
}

}  // namespace

void add_stream_routes(Router& router, const Services& s) {
  router.add(Method::Get, "/events/stream",
             [&stream = s.stream](const auto& request, const auto&, const Reply& reply) {
               std::string error;
               auto read = stream_read(request, error);
               if (!read) return reply.error(Code::Bad_Request, error);
               const auto accept = request_header(request, "Accept");
               const bool sse = accept && accept->find("text/event-stream") != std::string::npos;
               const bool accepted = stream.read(std::move(*read), [reply, sse](StreamBatch batch) {
                 if (batch.outcome == StreamBatch::Outcome::kUnreachable) {
                   reply.header("Retry-After", "1");
                   return reply.error(Code::Service_Unavailable,
                                      "the log is unreachable; ask again with the same position");
                 }
                 reply.header("X-Linkstream-Position", batch.cursor);
                 reply.header("Cache-Control", "no-store");
                 reply.text(Code::Ok, stream_body(batch, sse),
                            sse ? "text/event-stream" : "application/x-ndjson");
               });
               if (!accepted) {
                 reply.header("Retry-After", "1");
                 reply.error(Code::Service_Unavailable,
                             "every stream reader of this replica is busy; ask again");
               }
             });
}

}  // namespace linkstream::api
