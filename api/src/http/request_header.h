#pragma once
// A request header's value as the client sent it. Pistache keeps the headers it knows
// (Authorization, User-Agent, ...) only in parsed form and the others only raw; this
// looks in both.

#include <pistache/http.h>

#include <optional>
#include <sstream>
#include <string>

namespace linkstream::api {

inline std::optional<std::string> request_header(const Pistache::Http::Request& request,
                                                 const std::string& name) {
  if (auto raw = request.headers().tryGetRaw(name)) return raw->value();
  // Read on every redirect: its typed form holds the text as sent, with no stream to build.
  if (name == Pistache::Http::Header::UserAgent::Name) {
    auto agent = request.headers().tryGet<Pistache::Http::Header::UserAgent>();
    return agent ? std::optional<std::string>(agent->agent()) : std::nullopt;
  }
  auto typed = request.headers().tryGet(name);
  if (!typed) return std::nullopt;
  std::ostringstream value;
  typed->write(value);
  return value.str();
}

}  // namespace linkstream::api
