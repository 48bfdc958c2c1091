#include "domain/visitor_hash.h"

#include <openssl/evp.h>

namespace linkstream::api {

std::string visitor_hash(std::string_view salt, std::string_view client_address) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  EVP_DigestInit_ex(context, EVP_sha256(), nullptr);
  EVP_DigestUpdate(context, salt.data(), salt.size());
  EVP_DigestUpdate(context, "\0", 1);  // so that ("ab","c") and ("a","bc") differ
  EVP_DigestUpdate(context, client_address.data(), client_address.size());
  EVP_DigestFinal_ex(context, digest, &length);
  EVP_MD_CTX_free(context);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < 16 && i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

}  // namespace linkstream::api
