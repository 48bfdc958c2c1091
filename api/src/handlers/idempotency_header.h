#pragma once
// The Idempotency-Key request header of a create (domain/idempotency.h).

#include <pistache/http.h>

#include <optional>
#include <string_view>

#include "domain/idempotency.h"
#include "http/reply.h"
#include "http/request_header.h"

namespace linkstream::api {

// The outer optional is empty when the header is unusable (400 already answered); the
// inner one when the request has no key. `content` is what makes two requests the same
// one: the body, or for an upload the file (a multipart body's boundary differs per try).
inline std::optional<std::optional<IdempotencyKey>> idempotency_key_of(
    const Pistache::Http::Request& request, std::string_view route, std::string_view content,
    const Reply& reply) {
  const auto header = request_header(request, "Idempotency-Key");
  if (!header) return std::optional<IdempotencyKey>();
  std::string error;
  auto key = make_idempotency_key(route, *header, content, &error);
  if (!key) {
    reply.field_error(Pistache::Http::Code::Bad_Request, "Idempotency-Key", error);
    return std::nullopt;
  }
  return std::optional<IdempotencyKey>(std::move(*key));
}

}  // namespace linkstream::api
