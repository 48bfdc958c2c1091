#pragma once
// What a write of the domain comes to, in terms a handler maps to HTTP.

#include <optional>
#include <string>

namespace linkstream::api {

enum class WriteStatus {
  kDone,         // applied; `entity` holds it as the view has it now
  kInvalid,      // the input breaks a rule; `field` names it
  kNotFound,     // the request refers to something that does not exist
  kConflict,     // it claims something already taken (e-mail, username, short code)
  kUnavailable,  // the log could not take it, or did not confirm it in time; retry later
  kKeyReused,    // its Idempotency-Key came with another request before
};

template <typename Entity>
struct WriteResult {
  WriteStatus status = WriteStatus::kDone;
  std::optional<Entity> entity;
  std::string field;
  std::string message;

  static WriteResult done(Entity e) { return {WriteStatus::kDone, std::move(e), {}, {}}; }
  static WriteResult fail(WriteStatus s, std::string field, std::string message) {
    return {s, std::nullopt, std::move(field), std::move(message)};
  }
};

}  // namespace linkstream::api
