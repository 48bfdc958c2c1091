#pragma once
// Events to JSON and back, validated against the schemas on the way out and on the way in.
// Stateless and thread-safe.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "linkstream/schema/events.h"

namespace linkstream::schema {

// Why a payload could not become an Event. A reader that meets one of these must not stop:
// the projector sends the payload to the dead-letter topic, a view skips it.
enum class DecodeError {
  kMalformedJson,       // not JSON, or not an object
  kInvalidEnvelope,     // JSON, but not an envelope (missing id, type, ...)
  kUnknownType,         // a type this build has never heard of
  kUnsupportedVersion,  // a known type at a version newer than this build
  kInvalidData,         // the data does not match its type's schema
  kTooLarge,            // over kMaxEventBytes: no event of ours is that large
};

// The largest payload a reader accepts (the largest real event is a few KiB).
inline constexpr std::size_t kMaxEventBytes = 64 * 1024;

std::string_view describe(DecodeError error);

struct DecodeResult {
  std::optional<Event> event;  // set on success
  DecodeError error{};         // meaningful when !event
  std::string message;         // human-readable detail when !event

  explicit operator bool() const { return event.has_value(); }
};

DecodeResult decode(std::string_view payload);

struct EncodeResult {
  std::string json;   // the payload, when error is empty
  std::string error;  // why a reader would refuse it; a caller's validation missed it

  bool ok() const { return error.empty(); }
};

// The payload of `event`, checked the way every reader checks it: it is decoded again
// (bounded parse, envelope and data schemas), and an event decode() would refuse is not
// returned. For events built from what a client sent (writes, imports).
EncodeResult encode(const Event& event);

// The payload of `event`, unchecked: about 5 times cheaper than encode(). Only for events
// whose every field this process built and bounded itself (the click of a redirect, see
// domain/redirect_service.cc); tests show that every such event decodes. Strings must be
// valid UTF-8, and `details` JSON text that a bounded parse accepted.
std::string encode_unchecked(const Event& event);

}  // namespace linkstream::schema
