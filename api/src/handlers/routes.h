#pragma once
// The api's routes. Handlers are thin: parse the request, call the domain, map the
// answer to HTTP. Each add_*_routes lives in its own file, by resource.

#include "config.h"
#include "domain/event_service.h"
#include "domain/redirect_service.h"
#include "domain/url_service.h"
#include "domain/user_service.h"
#include "domain/webhook_service.h"
#include "http/client_address.h"
#include "http/drain.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "import/import_service.h"
#include "metrics/http_metrics.h"
#include "read_model/event_listing.h"
#include "read_model/projection_progress.h"
#include "read_model/url_history.h"
#include "spool/click_relay.h"
#include "spool/click_spool.h"
#include "stream/event_stream.h"
#include "view/fold_barrier.h"
#include "view/view.h"

namespace linkstream::api {

struct Services {
  const Config& config;
  View& view;
  UserService& users;
  UrlService& urls;
  EventService& events;
  RedirectService& redirects;
  ImportService& imports;
  EventListing& listings;
  UrlHistory& history;  // GET /urls/{id}/history and ?as_of=
  WebhookService& webhooks;
  WebhookListing& webhook_listing;
  ProjectionProgress& progress;
  ClickSpool& spool;
  ClickRelay& relay;
  HttpMetrics& metrics;
  const Drain& drain;
  FoldBarrier& barrier;                   // before a 404 from the view (view/fold_barrier.h)
  const TrustedProxies& trusted_proxies;  // whose X-Forwarded-For names the client
  RateLimiter& unknown_codes;             // redirects of codes that do not exist, per client
  EventStream& stream;                    // GET /events/stream
};

void add_ops_routes(Router& router, const Services& services);
void add_admin_routes(Router& router, const Services& services);
void add_user_routes(Router& router, const Services& services);
void add_url_routes(Router& router, const Services& services);
void add_event_routes(Router& router, const Services& services);
void add_stream_routes(Router& router, const Services& services);
void add_webhook_routes(Router& router, const Services& services);
void add_redirect_routes(Router& router, const Services& services);

inline void add_all_routes(Router& router, const Services& services) {
  add_ops_routes(router, services);
  add_admin_routes(router, services);
  add_user_routes(router, services);
  add_url_routes(router, services);
  add_event_routes(router, services);
  add_stream_routes(router, services);
  add_webhook_routes(router, services);
  add_redirect_routes(router, services);
}

}  // namespace linkstream::api
