#pragma once
// Maps (method, path) to a handler by route template ("/users/{id}").
//
// Literal segments win over parameters, so "/users" is never taken for the short code
// "users". A path that matches a template under another method is 405 (with the methods
// that would work), a path that matches none is 404. The template, not the raw path, is
// what metrics and logs name. Built once at start, then read-only and thread-safe.

#include <pistache/http.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/reply.h"

namespace linkstream::api {

// The values of a matched template's parameters ("{id}" -> "42"). Templates have one or
// two, so a short list (one allocation per request) rather than a hash map (two, and a hash).
class PathParams {
 public:
  void add(std::string_view name, std::string_view value) { values_.emplace_back(name, value); }
  // The value of parameter `name`; std::out_of_range when the template has none of that name.
  const std::string& at(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

using RouteHandler =
    std::function<void(const Pistache::Http::Request&, const PathParams&, const Reply&)>;

class Router {
 public:
  // `max_body_bytes`: this route's body limit; 0 keeps the server's default.
  void add(Pistache::Http::Method method, std::string path_template, RouteHandler handler,
           std::size_t max_body_bytes = 0);

  struct Resolution {
    enum class Kind { kFound, kNotFound, kMethodNotAllowed };
    Kind kind = Kind::kNotFound;
    const RouteHandler* handler = nullptr;
    std::string route_template;  // when found, or when the path exists under other methods
    PathParams params;
    std::vector<Pistache::Http::Method> allowed;  // when kMethodNotAllowed
    std::size_t max_body_bytes = 0;               // when found; 0: the default
  };

  Resolution resolve(Pistache::Http::Method method, std::string_view path) const;

  // Every (method, template) registered, in registration order (for the OpenAPI check).
  std::vector<std::pair<Pistache::Http::Method, std::string>> routes() const;

 private:
  struct Route {
    Pistache::Http::Method method;
    std::string path_template;
    std::vector<std::string> segments;  // "{id}" marks a parameter
    int literal_count = 0;
    RouteHandler handler;
    std::size_t max_body_bytes = 0;
  };
  std::vector<Route> routes_;
};

}  // namespace linkstream::api
