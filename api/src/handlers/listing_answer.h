#pragma once
// How a read from PostgreSQL reads in HTTP: 200 with the JSON, marked stale (header
// X-Linkstream-Stale: true) when the projector had not caught up with this replica's own
// writes in time; 404 when the query found nothing to answer; 503 with Retry-After when
// PostgreSQL did not answer.

#include "http/reply.h"
#include "read_model/fresh_read.h"

namespace linkstream::api {

inline void answer_listing(const Reply& reply, const ListingResult& result) {
  if (!result.fresh) reply.header("X-Linkstream-Stale", "true");
  if (!result.ok) {
    reply.header("Retry-After", "1");
    return reply.error(Pistache::Http::Code::Service_Unavailable, result.error);
  }
  if (result.not_found) return reply.error(Pistache::Http::Code::Not_Found, *result.not_found);
  reply.json(Pistache::Http::Code::Ok, result.json);
}

}  // namespace linkstream::api
