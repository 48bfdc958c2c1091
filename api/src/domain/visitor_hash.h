#pragma once
// Distinct visitors are counted by a salted hash of the client address; the address
// itself is never written anywhere. The salt (LINKSTREAM_VISITOR_SALT) must be the same on
// every replica and kept secret: without it, the 2^32 IPv4 addresses could be hashed and
// matched.

#include <string>
#include <string_view>

namespace linkstream::api {

// The first 16 bytes of SHA-256(salt, 0x00, address), in lower-case hex (32 characters).
// Thread-safe. Throws std::runtime_error if OpenSSL fails.
std::string visitor_hash(std::string_view salt, std::string_view client_address);

}  // namespace linkstream::api
