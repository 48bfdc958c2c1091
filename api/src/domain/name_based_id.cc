#include "domain/name_based_id.h"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace linkstream::api {

std::string name_based_uuid(std::string_view name) {
  // linkstream's namespace for named events: fixed random bytes. Never change them: they
  // name every keyed event and every named click already in the log.
  static constexpr std::string_view kNamespace =
      "\x6b\x0e\x3a\x5c\x1f\x4d\x5e\x2a\x9b\x7c\x3d\x8e\x4f\x1a\x2b\x6c";
  // One context per thread, reset by each DigestInit: behind nginx every redirect names
  // its click, and a context's allocation per click is not needed.
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(
      EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> sha1{};
  unsigned int length = 0;
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha1(), nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), kNamespace.data(), kNamespace.size()) != 1 ||
      EVP_DigestUpdate(context.get(), name.data(), name.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), sha1.data(), &length) != 1 || length < 16) {
    throw std::runtime_error("name-based event id: SHA-1 failed");
  }
  sha1[6] = static_cast<unsigned char>((sha1[6] & 0x0f) | 0x50);  // version 5
  sha1[8] = static_cast<unsigned char>((sha1[8] & 0x3f) | 0x80);  // RFC variant
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    id.push_back(kDigits[sha1[i] >> 4]);
    id.push_back(kDigits[sha1[i] & 0xf]);
  }
  return id;
}

}  // namespace linkstream::api
