#include "http/http_handler.h"

#include <pistache/peer.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <string>

#include "http/framing_guard.h"
#include "http/request_header.h"
#include "http/too_many_requests.h"
#include "linkstream/platform/logging.h"

namespace linkstream::api {

using Pistache::Http::Code;

namespace {

std::string new_request_id() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  for (std::uint64_t bits = random(); char& digit : id) {
    digit = kHex[bits & 0xf];
    bits >>= 4;
  }
  return id;
}

// The client's X-Request-Id when it is a sensible token (so that a request can be
// followed across services), otherwise a new random one.
std::string request_id_of(const Pistache::Http::Request& request) {
  if (auto given = client_request_id(request)) return std::move(*given);
  return new_request_id();
}

// What the handler keeps per connection, with it, as Pistache keeps its parser.
struct Connection {
  FramingGuard framing;
  std::shared_ptr<ConnectionActivity> activity = std::make_shared<ConnectionActivity>();
  std::shared_ptr<AnswerPath> answers = std::make_shared<AnswerPath>(activity);
  // Set when the connection was admitted only to be told so: its first request is
  // answered 429 with this and the connection closed.
  std::string refusal;
};

constexpr const char* kConnectionData = "ls.connection";

Connection& connection_of(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  if (auto data = peer->tryGetData(kConnectionData)) return *static_cast<Connection*>(data.get());
  auto connection = std::make_shared<Connection>();
  peer->putData(kConnectionData, connection);
  return *connection;
}

// HTTP/1.1 keeps the connection unless the client says close; HTTP/1.0 only if it asks.
bool wants_keep_alive(const Pistache::Http::Request& request) {
  auto connection = request.headers().tryGet<Pistache::Http::Header::Connection>();
  if (request.version() == Pistache::Http::Version::Http11) {
    return !connection || connection->control() != Pistache::Http::ConnectionControl::Close;
  }
  return connection && connection->control() == Pistache::Http::ConnectionControl::KeepAlive;
}

bool should_log(const AccessLogPolicy& policy, int status) {
  switch (policy.mode) {
    case AccessLog::kOff:
      return false;
    case AccessLog::kErrors:
      return status >= 500;
    case AccessLog::kAll:
      break;
  }
  if (status != 302 || policy.redirect_sample <= 1) return true;
  // Counted per thread: no shared counter on the redirect path.
  thread_local int redirects_seen = 0;
  return ++redirects_seen % policy.redirect_sample == 0;
}

// A path as an error message may repeat it: at most 200 bytes of it, never the megabyte a
// client sent.
std::string quoted_path(std::string_view path) {
  constexpr std::size_t kShown = 200;
  if (path.size() <= kShown) return std::string(path);
  return std::string(path.substr(0, kShown)) + "... (" + std::to_string(path.size()) + " bytes)";
}

std::string allow_header(const std::vector<Pistache::Http::Method>& methods) {
  std::string allow;
  for (auto m : methods) {
    if (!allow.empty()) allow += ", ";
    allow += Pistache::Http::methodString(m);
    if (m == Pistache::Http::Method::Get) allow += ", HEAD";
  }
  return allow;
}

}  // namespace

HttpHandler::HttpHandler(std::shared_ptr<const Router> router, std::shared_ptr<HttpMetrics> metrics,
                         std::shared_ptr<const Drain> drain, std::size_t max_body_bytes,
                         AccessLogPolicy access_log,
                         std::shared_ptr<const TrustedProxies> trusted_proxies,
                         std::shared_ptr<RateLimiter> write_limiter,
                         std::shared_ptr<ConnectionTable> connections)
    : router_(std::move(router)),
      metrics_(std::move(metrics)),
      drain_(std::move(drain)),
      max_body_bytes_(max_body_bytes),
      access_log_(access_log),
      trusted_proxies_(std::move(trusted_proxies)),
      write_limiter_(std::move(write_limiter)),
      connections_(std::move(connections)) {}

bool HttpHandler::write_refused(const Pistache::Http::Request& request, const Reply& reply) const {
  using Pistache::Http::Method;
  const auto method = request.method();
  if (!write_limiter_->limit().enabled() || (method != Method::Post && method != Method::Put &&
                                             method != Method::Patch && method != Method::Delete)) {
    return false;
  }
  const auto client = client_address(request.address().host(),
                                     request_header(request, "X-Forwarded-For"), *trusted_proxies_);
  const int wait = write_limiter_->take(rate_limit_key(client));
  if (wait == 0) return false;
  metrics_->count_rate_limited("writes");
  answer_too_many_requests(reply, "writes", write_limiter_->limit(), wait);
  return true;
}

// Pistache's own onInput, with the head checked first and every refusal answered as JSON:
// Pistache answers its parse errors in plain text, and an exception with its text (a
// "Content-Length: -1" got 500 and the C++ exception's words). What Pistache 0.0.5 does
// here otherwise (feed, parse, dispatch, reset) is kept step for step.
void HttpHandler::onInput(const char* buffer, std::size_t length,
                          const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  auto parser = getParser(peer);
  auto& connection = connection_of(peer);
  auto& guard = connection.framing;
  if (guard.closed()) return;
  const AnswerPath::Serving serving(*connection.answers);
  if (!connection.refusal.empty()) return refuse(peer, *parser, guard, 429, connection.refusal);
  const auto admission = guard.admit({buffer, length});
  if (!admission.verdict.ok()) {
    const auto allow =
        admission.verdict.status == 405 ? allowed_on(admission.verdict.target) : std::string();
    return refuse(peer, *parser, guard, admission.verdict.status, admission.verdict.message, allow);
  }
  try {
    if (!parser->feed(admission.bytes.data(), admission.bytes.size())) {
      return refuse(peer, *parser, guard, 413,
                    "the request is over " + std::to_string(getMaxRequestSize()) + " bytes");
    }
    if (parser->parse() == Pistache::Http::Private::State::Done) {
      auto& request = parser->request;
      request.copyAddress(peer->address());
      guard.request_done();
      connection.activity->enter(ConnectionActivity::Phase::kServing);
      serve(request, Pistache::Http::ResponseWriter(request.version(), transport(), this, peer),
            connection.answers);
      parser->reset();
    } else {
      connection.activity->enter(guard.reading_body() ? ConnectionActivity::Phase::kBody
                                                      : ConnectionActivity::Phase::kHead);
    }
  } catch (const Pistache::Http::HttpError& e) {
    refuse(peer, *parser, guard, e.code(), "the request could not be read: " + e.reason());
  } catch (const std::exception& e) {
    spdlog::error("reading a request failed: {}", e.what());
    refuse(peer, *parser, guard, 500, "internal error");
  }
}

void HttpHandler::onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  // What Pistache 0.0.5's own onConnection does (it is private; checked with objdump):
  // the connection's request parser.
  peer->putData(ParserData, std::make_shared<Pistache::Http::RequestParser>(getMaxRequestSize()));
  auto connection = std::make_shared<Connection>();
  peer->putData(kConnectionData, connection);
  const auto address = peer->address().host();
  switch (connections_->admit(peer->fd(), address, !trusted_proxies_->contains(address),
                              connection->activity)) {
    case ConnectionTable::Admission::kAdmitted:
      return;
    case ConnectionTable::Admission::kTooManyFromAddress:
      metrics_->count_connection_refused("address");
      connection->refusal = "too many connections from this address (at most " +
                            std::to_string(connections_->limits().max_per_address) +
                            "); close some and retry";
      return;
    case ConnectionTable::Admission::kTooMany:
      // No answer: the descriptors are what is short. The worker closes it as it sees
      // the end.
      metrics_->count_connection_refused("total");
      connection->framing.close();
      ::shutdown(peer->fd(), SHUT_RDWR);
      return;
  }
}

void HttpHandler::onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  connections_->forget(peer->fd());
}

std::string HttpHandler::allowed_on(std::string_view target) const {
  const auto path = target.substr(0, target.find('?'));
  // CONNECT has no route here: a path with routes resolves to the methods it has.
  const auto resolution = router_->resolve(Pistache::Http::Method::Connect, path);
  return resolution.kind == Router::Resolution::Kind::kMethodNotAllowed
             ? allow_header(resolution.allowed)
             : std::string();
}

// A request that cannot be framed ends its connection: where it ends, and so where the
// next one would begin, is not known (RFC 9112, 9.3 and 11.2).
void HttpHandler::refuse(const std::shared_ptr<Pistache::Tcp::Peer>& peer,
                         Pistache::Http::RequestParser& parser, FramingGuard& guard, int status,
                         const std::string& message, const std::string& allow) {
  const auto version = parser.request.version();
  parser.reset();
  guard.close();
  Reply reply(Pistache::Http::ResponseWriter(version, transport(), this, peer), version, false,
              connection_of(peer).answers);
  reply.on_sent([metrics = metrics_, access_log = access_log_,
                 address = peer->address()](int sent) {
    metrics->observe_request("-", "unparsed", sent, std::chrono::nanoseconds(0));
    if (!should_log(access_log, sent)) return;
    platform::log_request(
        sent >= 500 ? spdlog::level::err : spdlog::level::info,
        {new_request_id(), "-", "unparsed", sent, 0.0, platform::anonymise_address(address.host())},
        "refused a request that could not be read");
  });
  // A 405 names what the resource allows (RFC 9110 15.5.6), empty when nothing.
  if (status == 405) reply.header("Allow", allow);
  reply.error(static_cast<Code>(status), message);
}

void HttpHandler::onRequest(const Pistache::Http::Request& request,
                            Pistache::Http::ResponseWriter response) {
  serve(request, std::move(response),
        std::make_shared<AnswerPath>(std::make_shared<ConnectionActivity>()));
}

void HttpHandler::serve(const Pistache::Http::Request& request,
                        Pistache::Http::ResponseWriter response,
                        std::shared_ptr<AnswerPath> answers) {
  const auto started = std::chrono::steady_clock::now();
  Reply reply(std::move(response), request.version(),
              wants_keep_alive(request) && !drain_->started(), std::move(answers));
  // HEAD is GET without the body, wherever GET is (RFC 9110, 9.3.2).
  const bool head = request.method() == Pistache::Http::Method::Head;
  if (head) reply.omit_body();
  auto resolution =
      router_->resolve(head ? Pistache::Http::Method::Get : request.method(), request.resource());

  const std::string method = Pistache::Http::methodString(request.method());
  std::string route = resolution.route_template.empty() ? "unmatched" : resolution.route_template;
  const std::string request_id = request_id_of(request);
  reply.header("X-Request-Id", request_id);
  metrics_->request_started();
  reply.on_sent([metrics = metrics_, method, route, started, request_id, peer = request.address(),
                 access_log = access_log_](int status) {
    const auto duration = std::chrono::steady_clock::now() - started;
    metrics->request_finished();
    metrics->observe_request(method, route, status, duration);
    if (!should_log(access_log, status)) return;
    platform::log_request(status >= 500 ? spdlog::level::err : spdlog::level::info,
                          {request_id, method, route, status,
                           std::chrono::duration<double, std::milli>(duration).count(),
                           platform::anonymise_address(peer.host())},
                          "request");
  });
  const platform::RequestIdScope scope(request_id);

  const std::size_t limit = resolution.max_body_bytes ? resolution.max_body_bytes : max_body_bytes_;
  if (request.body().size() > limit) {
    reply.error(Code::Request_Entity_Too_Large,
                "request body is " + std::to_string(request.body().size()) +
                    " bytes; the limit is " + std::to_string(limit) + " bytes");
    return;
  }
  switch (resolution.kind) {
    case Router::Resolution::Kind::kNotFound:
      reply.error(Code::Not_Found,
                  "no route for " + method + " " + quoted_path(request.resource()));
      return;
    case Router::Resolution::Kind::kMethodNotAllowed:
      reply.header("Allow", allow_header(resolution.allowed));
      reply.error(Code::Method_Not_Allowed, method + " is not allowed on " + route +
                                                "; allowed: " + allow_header(resolution.allowed));
      return;
    case Router::Resolution::Kind::kFound:
      break;
  }
  if (write_refused(request, reply)) return;
  try {
    (*resolution.handler)(request, resolution.params, reply);
  } catch (const std::exception& e) {
    spdlog::error("{} {} failed: {}", method, route, e.what());
    reply.error(Code::Internal_Server_Error, "internal error");
  }
}

}  // namespace linkstream::api
