#include "domain/visitor_hash.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace linkstream::api {

namespace {

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

DigestContext new_context() {
  DigestContext context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!context) throw std::runtime_error("visitor hash: EVP_MD_CTX_new failed");
  return context;
}

// A SHA-256 context that has taken in the salt and the separator, made once per thread
// and salt, and copied for each address (a redirect hashes one), so neither the salt nor
// a context's allocation is paid per request.
const EVP_MD_CTX& salted(std::string_view salt) {
  thread_local std::string cached_salt;
  thread_local DigestContext context(nullptr, &EVP_MD_CTX_free);
  if (!context || cached_salt != salt) {
    context = new_context();
    if (EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(context.get(), salt.data(), salt.size()) != 1 ||
        EVP_DigestUpdate(context.get(), "\0", 1) != 1) {  // so ("ab","c") and ("a","bc") differ
      throw std::runtime_error("visitor hash: cannot start SHA-256");
    }
    cached_salt = salt;
  }
  return *context;
}

}  // namespace

std::string visitor_hash(std::string_view salt, std::string_view client_address) {
  thread_local DigestContext context = new_context();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_MD_CTX_copy_ex(context.get(), &salted(salt)) != 1 ||
      EVP_DigestUpdate(context.get(), client_address.data(), client_address.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest, &length) != 1 || length < 16) {
    throw std::runtime_error("visitor hash: SHA-256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(32, '0');
  for (unsigned int i = 0; i < 16; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 0xf];
  }
  return hex;
}

}  // namespace linkstream::api
