#include "handlers/admin_access.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <string_view>

#include "http/request_header.h"

namespace linkstream::api {

using Pistache::Http::Code;

namespace {

// Whether a secret the client sent is the one configured, in a time that tells nothing of
// where they differ or how long the secret is: the digests of both are compared, in
// constant time.
bool same_secret(std::string_view given, std::string_view expected) {
  unsigned char a[EVP_MAX_MD_SIZE], b[EVP_MAX_MD_SIZE];
  unsigned int a_size = 0, b_size = 0;
  if (EVP_Digest(given.data(), given.size(), a, &a_size, EVP_sha256(), nullptr) != 1 ||
      EVP_Digest(expected.data(), expected.size(), b, &b_size, EVP_sha256(), nullptr) != 1 ||
      a_size != b_size) {
    spdlog::error("admin token check: SHA-256 failed; refusing the request");
    return false;
  }
  return CRYPTO_memcmp(a, b, a_size) == 0;
}

}  // namespace

bool has_admin_token(const Pistache::Http::Request& request, const Config& config) {
  if (config.admin_token.empty()) return false;
  auto authorization = request_header(request, "Authorization");
  return authorization && same_secret(*authorization, "Bearer " + config.admin_token);
}

bool admitted(const Pistache::Http::Request& request, const Config& config, const Reply& reply) {
  if (config.admin_token.empty()) {
    reply.error(Code::Forbidden, "admin endpoints are disabled: set LINKSTREAM_ADMIN_TOKEN");
    return false;
  }
  if (!has_admin_token(request, config)) {
    reply.header("WWW-Authenticate", "Bearer");
    reply.error(Code::Unauthorized,
                "this endpoint needs the admin token: Authorization: Bearer <token>");
    return false;
  }
  return true;
}

}  // namespace linkstream::api
