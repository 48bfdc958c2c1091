#include "http/router.h"

#include <algorithm>
#include <stdexcept>

namespace linkstream::api {

const std::string& PathParams::at(std::string_view name) const {
  for (const auto& [key, value] : values_) {
    if (key == name) return value;
  }
  throw std::out_of_range("no path parameter '" + std::string(name) + "'");
}

namespace {

// The non-empty segments of a path, as views into it (a request's path outlives its
// resolution).
template <typename Segment>
std::vector<Segment> split(std::string_view path) {
  std::vector<Segment> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) segments.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool is_parameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool match(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path,
           PathParams* params) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_parameter(pattern[i])) {
      if (params)
        params->add(std::string_view(pattern[i]).substr(1, pattern[i].size() - 2), path[i]);
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(Pistache::Http::Method method, std::string path_template, RouteHandler handler,
                 std::size_t max_body_bytes) {
  Route route{method, path_template,      split<std::string>(path_template),
              0,      std::move(handler), max_body_bytes};
  route.literal_count =
      static_cast<int>(std::count_if(route.segments.begin(), route.segments.end(),
                                     [](const std::string& s) { return !is_parameter(s); }));
  routes_.push_back(std::move(route));
}

Router::Resolution Router::resolve(Pistache::Http::Method method, std::string_view path) const {
  const auto segments = split<std::string_view>(path);
  Resolution resolution;
  const Route* best = nullptr;
  const Route* best_any_method = nullptr;
  for (const auto& route : routes_) {
    if (!match(route.segments, segments, nullptr)) continue;
    if (!best_any_method || route.literal_count > best_any_method->literal_count) {
      best_any_method = &route;
    }
    if (route.method == method && (!best || route.literal_count > best->literal_count)) {
      best = &route;
    }
  }
  // The most specific template decides: a path that matches "/users" literally is about
  // users, even though it would also match "/{short_code}" under GET.
  if (best && (!best_any_method || best->literal_count >= best_any_method->literal_count)) {
    resolution.kind = Resolution::Kind::kFound;
    resolution.handler = &best->handler;
    resolution.route_template = best->path_template;
    resolution.max_body_bytes = best->max_body_bytes;
    match(best->segments, segments, &resolution.params);
    return resolution;
  }
  if (!best_any_method) return resolution;  // kNotFound
  resolution.kind = Resolution::Kind::kMethodNotAllowed;
  resolution.route_template = best_any_method->path_template;
  for (const auto& route : routes_) {
    if (route.path_template == best_any_method->path_template)
      resolution.allowed.push_back(route.method);
  }
  return resolution;
}

std::vector<std::pair<Pistache::Http::Method, std::string>> Router::routes() const {
  std::vector<std::pair<Pistache::Http::Method, std::string>> out;
  for (const auto& route : routes_) out.emplace_back(route.method, route.path_template);
  return out;
}

}  // namespace linkstream::api
