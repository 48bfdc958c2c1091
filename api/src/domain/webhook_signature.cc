#include "domain/webhook_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "domain/hex_digits.h"

namespace linkstream::api {

namespace {

std::string hex_hmac_sha256(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest,
           &size) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");
  }
  return hex_digits(digest, size);
}

}  // namespace

std::string webhook_secret(std::string_view webhook_key, std::string_view webhook_id) {
  return "whsec_" + hex_hmac_sha256(webhook_key, webhook_id);
}

std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds,
                              std::string_view body) {
  const auto t = std::to_string(unix_seconds);
  std::string signed_text;
  signed_text.reserve(t.size() + 1 + body.size());
  signed_text.append(t).append(".").append(body);
  return "t=" + t + ",v1=" + hex_hmac_sha256(secret, signed_text);
}

}  // namespace linkstream::api
