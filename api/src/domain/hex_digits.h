#pragma once
// Bytes as lower-case hex, two digits a byte: digests shown to clients (idempotency
// digests, webhook signatures and secrets). Pure.

#include <cstddef>
#include <string>

namespace linkstream::api {

inline std::string hex_digits(const unsigned char* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    text.push_back(kDigits[bytes[i] >> 4]);
    text.push_back(kDigits[bytes[i] & 0xf]);
  }
  return text;
}

}  // namespace linkstream::api
