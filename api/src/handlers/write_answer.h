#pragma once
// How every write's outcome reads in HTTP: the one mapping of WriteStatus to a status code.

#include <pistache/http.h>

#include "domain/write_result.h"
#include "http/reply.h"

namespace linkstream::api {

// 201 (or `success`) with `body` when done; otherwise the error status with its message:
// 400 invalid, 404 not found, 409 conflict, 422 an Idempotency-Key used for another
// request, 503 with Retry-After when the log is away.
template <typename Entity, typename ToJson>
void answer_write(const Reply& reply, const WriteResult<Entity>& result, ToJson to_json,
                  Pistache::Http::Code success = Pistache::Http::Code::Created) {
  using Pistache::Http::Code;
  switch (result.status) {
    case WriteStatus::kDone:
      return reply.json(success, to_json(*result.entity));
    case WriteStatus::kInvalid:
      return reply.field_error(Code::Bad_Request, result.field, result.message);
    case WriteStatus::kNotFound:
      return reply.field_error(Code::Not_Found, result.field, result.message);
    case WriteStatus::kConflict:
      return reply.field_error(Code::Conflict, result.field, result.message);
    case WriteStatus::kKeyReused:
      return reply.field_error(Code::Unprocessable_Entity, result.field, result.message);
    case WriteStatus::kUnavailable:
      reply.header("Retry-After", "1");
      return reply.error(Code::Service_Unavailable, result.message);
  }
}

}  // namespace linkstream::api
