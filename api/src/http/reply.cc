#include "http/reply.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <atomic>
#include <mutex>

#include "http/response_header.h"

namespace linkstream::api {

using Pistache::Http::Code;
using Pistache::Http::ResponseWriter;

struct Reply::Shared {
  explicit Shared(ResponseWriter w) : writer(std::move(w)) {}
  std::mutex mutex;
  ResponseWriter writer;
  int status = 0;
  std::function<void(int)> on_sent;

  // Called with the mutex held, once per reply.
  void sent(int code) {
    status = code;
    if (on_sent) on_sent(code);
  }
};

Reply::Reply(ResponseWriter writer, bool keep_alive)
    : shared_(std::make_shared<Shared>(std::move(writer))) {
  // Pistache 0.0.5 answers "Connection: Close" to an HTTP/1.1 request that has no
  // Connection header, which makes every client reconnect per request; `add` does not
  // replace, so remove the header first.
  auto& headers = shared_->writer.headers();
  headers.remove<Pistache::Http::Header::Connection>();
  headers.add<Pistache::Http::Header::Connection>(keep_alive
                                                      ? Pistache::Http::ConnectionControl::KeepAlive
                                                      : Pistache::Http::ConnectionControl::Close);
}

void Reply::text(Code code, std::string body, std::string_view content_type) const {
  std::lock_guard lock(shared_->mutex);
  if (shared_->status != 0) return;
  shared_->writer.headers().add(
      std::make_shared<ResponseHeader>("Content-Type", std::string(content_type)));
  shared_->writer.send(code, body);
  shared_->sent(static_cast<int>(code));
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
  shared_->writer.headers().add(std::make_shared<ResponseHeader>("Location", location));
  shared_->writer.send(Code::Found);
  shared_->sent(302);
}

void Reply::no_content() const {
  std::lock_guard lock(shared_->mutex);
  if (shared_->status != 0) return;
  shared_->writer.send(Code::No_Content);
  shared_->sent(204);
}

void Reply::header(std::string_view name, std::string_view value) const {
  std::lock_guard lock(shared_->mutex);
  shared_->writer.headers().add(
      std::make_shared<ResponseHeader>(std::string(name), std::string(value)));
}

void Reply::on_sent(std::function<void(int)> hook) const {
  std::lock_guard lock(shared_->mutex);
  shared_->on_sent = std::move(hook);
}

}  // namespace linkstream::api
