#pragma once
// A request header's value as the client sent it. Pistache keeps the headers it knows
// (Authorization, User-Agent, ...) only in parsed form and the others only raw; this
// looks in both.

#include <pistache/http.h>
#include <strings.h>

#include <cctype>
#include <optional>
#include <sstream>
#include <string>

namespace linkstream::api {

inline std::optional<std::string> request_header(const Pistache::Http::Request& request,
                                                 const std::string& name) {
  // A walk over the few raw headers a request carries, compared without regard to case:
  // Pistache's own lookup makes two lower-cased copies of the name per call, and a
  // redirect asks for four headers (about 4,000 instructions of its 44,000).
  for (const auto& [key, raw] : request.headers().rawList()) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0)
      return raw.value();
  }
  // Read on every redirect: its typed form holds the text as sent, with no stream to build.
  if (name == Pistache::Http::Header::UserAgent::Name) {
    auto agent = request.headers().tryGet<Pistache::Http::Header::UserAgent>();
    return agent ? std::optional<std::string>(agent->agent()) : std::nullopt;
  }
  if (!Pistache::Http::Header::Registry::instance().isRegistered(name)) return std::nullopt;
  auto typed = request.headers().tryGet(name);
  if (!typed) return std::nullopt;
  std::ostringstream value;
  typed->write(value);
  return value.str();
}

// The client's X-Request-Id when it is a sensible token (1 to 128 of [A-Za-z0-9._-]): the
// id that follows a request across services. Behind nginx it is nginx's, one per client
// request, the same on a retry at another replica.
inline std::optional<std::string> client_request_id(const Pistache::Http::Request& request) {
  auto given = request_header(request, "X-Request-Id");
  if (!given || given->empty() || given->size() > 128) return std::nullopt;
  for (unsigned char c : *given) {
    if (!std::isalnum(c) && c != '-' && c != '_' && c != '.') return std::nullopt;
  }
  return given;
}

}  // namespace linkstream::api
