#pragma once
// Event ids that are names, not draws: the same name gives the same id on every replica and
// in every attempt, so that readers of the log recognise a request sent twice (a keyed
// create, a redirect nginx retried on another replica).

#include <string>
#include <string_view>

namespace linkstream::api {

// RFC 9562's name-based UUID, version 5 (SHA-1), in linkstream's own namespace. Throws
// std::runtime_error when the digest fails.
std::string name_based_uuid(std::string_view name);

}  // namespace linkstream::api
