#pragma once
// A request header's value as the client sent it. Pistache keeps the headers it knows
// (Authorization, User-Agent, ...) only in parsed form and the others only raw; this
// looks in both.

#include <pistache/http.h>
#include <strings.h>

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

}  // namespace linkstream::api
