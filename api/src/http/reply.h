#pragma once
// The one way a handler answers: a copyable handle on the request's ResponseWriter that
// may be passed to another thread and used there once (the first answer wins; later ones
// are dropped). Every answer is JSON (or a redirect) and keeps the connection alive.
//
// The answer's bytes are made here and written by the connection's AnswerPath (straight to
// the socket from its worker, or through the write queue Pistache's own send() ends in):
// Pistache 0.0.5's send() builds a std::ostream, a list of header objects and a copy of
// each per answer, a third of a redirect's instructions in its HTTP layer.

#include <pistache/http.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/answer_path.h"

namespace linkstream::api {

class Reply {
 public:
  // `keep_alive`: whether the client may reuse the connection (see http_handler.cc);
  // `version`: the request's, which the status line repeats; `answers`: the connection's.
  Reply(Pistache::Http::ResponseWriter writer, Pistache::Http::Version version, bool keep_alive,
        std::shared_ptr<AnswerPath> answers);

  void json(Pistache::Http::Code code, std::string body) const;
  // {"error": message}; also used for 404, 405 and 413.
  void error(Pistache::Http::Code code, std::string_view message) const;
  // {"error": message, "field": field}: which part of the request to fix.
  void field_error(Pistache::Http::Code code, std::string_view field,
                   std::string_view message) const;
  void redirect(const std::string& location) const;
  void no_content() const;
  // Adds a header to the answer to come, written byte for byte (`value` must hold no CR or
  // LF: every caller's value is the server's own or checked, as a Location is).
  void header(std::string_view name, std::string_view value) const;
  void text(Pistache::Http::Code code, std::string body, std::string_view content_type) const;

  // The answer to a HEAD: what the GET would send, without the body (its Content-Length
  // stays).
  void omit_body() const;

  // Runs `hook` with the status once the answer is sent (metrics and access logs).
  void on_sent(std::function<void(int status)> hook) const;

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
};

}  // namespace linkstream::api
