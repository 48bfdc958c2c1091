#include "http/reply.h"

#include <pistache/peer.h>
#include <pistache/stream.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <ctime>
#include <mutex>
#include <string_view>

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::ResponseWriter;

namespace {

// The Date header's value (RFC 9110, 5.6.7: "Tue, 01 Dec 2026 20:51:09 GMT"), made once a
// second per thread.
std::string_view http_date() {
  thread_local std::time_t formatted_second = -1;
  thread_local char text[40];
  thread_local std::size_t size = 0;
  const std::time_t now = std::time(nullptr);
  if (now != formatted_second) {
    std::tm utc{};
    ::gmtime_r(&now, &utc);
    size = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    formatted_second = now;
  }
  return {text, size};
}

}  // namespace

struct Reply::Shared {
  Shared(ResponseWriter w, Pistache::Http::Version v, bool keep, std::shared_ptr<AnswerPath> a)
      : writer(std::move(w)), version(v), keep_alive(keep), answers(std::move(a)) {}
  std::mutex mutex;
  ResponseWriter writer;  // for its connection, and so that Pistache sees the request owned
  Pistache::Http::Version version;
  bool keep_alive;
  std::shared_ptr<AnswerPath> answers;
  bool head = false;    // a HEAD: no body on the wire
  std::string headers;  // "Name: value\r\n" for each header added so far
  int status = 0;
  std::function<void(int)> on_sent;

  // Called with the mutex held, once per reply.
  void send(Code code, std::string_view content_type, std::string_view body) {
    const int number = static_cast<int>(code);
    std::string wire;
    wire.reserve(96 + headers.size() + content_type.size() + body.size());
    wire.append(version == Pistache::Http::Version::Http10 ? "HTTP/1.0 " : "HTTP/1.1 ");
    wire.append(std::to_string(number)).append(1, ' ');
    wire.append(Pistache::Http::codeString(code)).append("\r\n");
    wire.append("Date: ").append(http_date()).append("\r\n");
    // No client may guess another type than the one given (a JSON error is not HTML).
    wire.append("X-Content-Type-Options: nosniff\r\n");
    wire.append(headers);
    // Pistache 0.0.5 would answer "Connection: Close" to an HTTP/1.1 request that has no
    // Connection header, which makes every client reconnect per request.
    wire.append(keep_alive ? "Connection: Keep-Alive\r\n" : "Connection: Close\r\n");
    if (!content_type.empty()) wire.append("Content-Type: ").append(content_type).append("\r\n");
    // A 204 has no body and so no length (RFC 9110, 8.6).
    if (code != Code::No_Content)
      wire.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    wire.append("\r\n");
    if (!head) wire.append(body);
    status = number;
    try {
      answers->write(writer.peer(), std::move(wire), !keep_alive);
    } catch (const std::exception&) {
      // The client has gone (Pistache: "Broken pipe"): nobody is left to answer.
    }
    if (on_sent) on_sent(number);
  }
};

Reply::Reply(ResponseWriter writer, Pistache::Http::Version version, bool keep_alive,
             std::shared_ptr<AnswerPath> answers)
    : shared_(
          std::make_shared<Shared>(std::move(writer), version, keep_alive, std::move(answers))) {}

void Reply::text(Code code, std::string body, std::string_view content_type) const {
  std::lock_guard lock(shared_->mutex);
  if (shared_->status != 0) return;
  shared_->send(code, content_type, body);
}

void Reply::json(Code code, std::string body) const {
  text(code, std::move(body), "application/json");
}

namespace {

std::string error_body(std::string_view message, std::string_view field) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("error");
  w.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  if (!field.empty()) {
    w.Key("field");
    w.String(field.data(), static_cast<rapidjson::SizeType>(field.size()));
  }
  w.EndObject();
  return buffer.GetString();
}

}  // namespace

void Reply::error(Code code, std::string_view message) const {
  json(code, error_body(message, {}));
}

void Reply::field_error(Code code, std::string_view field, std::string_view message) const {
  json(code, error_body(message, field));
}

void Reply::redirect(const std::string& location) const {
  std::lock_guard lock(shared_->mutex);
  if (shared_->status != 0) return;
  // Raw, so the Location is byte-identical to the stored URL (no re-encoding).
  shared_->headers.append("Location: ").append(location).append("\r\n");
  // Every redirect comes here, so that every click is counted: no browser or proxy keeps it.
  shared_->headers.append("Cache-Control: private, no-store\r\n");
  shared_->send(Code::Found, {}, {});
}

void Reply::no_content() const {
  std::lock_guard lock(shared_->mutex);
  if (shared_->status != 0) return;
  shared_->send(Code::No_Content, {}, {});
}

void Reply::header(std::string_view name, std::string_view value) const {
  std::lock_guard lock(shared_->mutex);
  shared_->headers.append(name).append(": ").append(value).append("\r\n");
}

void Reply::omit_body() const {
  std::lock_guard lock(shared_->mutex);
  shared_->head = true;
}

void Reply::on_sent(std::function<void(int)> hook) const {
  std::lock_guard lock(shared_->mutex);
  shared_->on_sent = std::move(hook);
}

}  // namespace linkstream::api
