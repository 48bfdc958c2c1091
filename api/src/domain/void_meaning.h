#pragma once
// What a void verdict of the fold means to the client whose write it was.

#include <string>

#include "domain/write_result.h"
#include "linkstream/schema/fold.h"

namespace linkstream::api {

struct VoidMeaning {
  WriteStatus status;
  std::string field;
  std::string message;
};

// email/username/short code taken → 409; unknown user or URL → 404; an id taken by a
// concurrent writer → 503 (callers retry with a fresh id before it comes to that).
inline VoidMeaning meaning_of(schema::VoidReason reason) {
  using schema::VoidReason;
  switch (reason) {
    case VoidReason::kEmailTaken:
      return {WriteStatus::kConflict, "email", "email is already registered"};
    case VoidReason::kUsernameTaken:
      return {WriteStatus::kConflict, "username", "username is already taken"};
    case VoidReason::kShortCodeTaken:
      return {WriteStatus::kConflict, "short_code", "short_code is already taken"};
    case VoidReason::kUnknownUser:
      return {WriteStatus::kNotFound, "id", "the user does not exist"};
    case VoidReason::kUnknownUrl:
      return {WriteStatus::kNotFound, "id", "the URL does not exist"};
    case VoidReason::kUserIdTaken:
    case VoidReason::kUrlIdTaken:
      return {WriteStatus::kUnavailable, "", "a concurrent write took the id; retry"};
    case VoidReason::kRepeatedRequest:  // answered from the first (domain/idempotency.h)
      return {WriteStatus::kUnavailable, "", "the same request is being written; retry"};
    case VoidReason::kNone:
      break;
  }
  return {WriteStatus::kUnavailable, "", "unexpected verdict"};
}

template <typename Entity>
WriteResult<Entity> fail_with(schema::VoidReason reason) {
  auto meaning = meaning_of(reason);
  return WriteResult<Entity>::fail(meaning.status, std::move(meaning.field),
                                   std::move(meaning.message));
}

}  // namespace linkstream::api
