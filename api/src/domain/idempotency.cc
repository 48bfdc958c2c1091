#include "domain/idempotency.h"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

#include "domain/hex_digits.h"
#include "domain/name_based_id.h"

namespace linkstream::api {

namespace {

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

// Digest of the parts, each followed by a NUL (so that ("ab", "c") and ("a", "bc") differ).
template <std::size_t N>
std::array<unsigned char, N> digest_of(const EVP_MD* algorithm,
                                       std::initializer_list<std::string_view> parts) {
  DigestContext context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  bool ok = context && EVP_DigestInit_ex(context.get(), algorithm, nullptr) == 1;
  for (auto part : parts) {
    ok = ok && EVP_DigestUpdate(context.get(), part.data(), part.size()) == 1 &&
         EVP_DigestUpdate(context.get(), "\0", 1) == 1;
  }
  ok = ok && EVP_DigestFinal_ex(context.get(), out.data(), &length) == 1;
  if (!ok || length < N) throw std::runtime_error("idempotency key: the digest failed");
  std::array<unsigned char, N> result{};
  std::copy_n(out.begin(), N, result.begin());
  return result;
}

}  // namespace

std::optional<IdempotencyKey> make_idempotency_key(std::string_view route, std::string_view key,
                                                   std::string_view body, std::string* error) {
  if (key.empty() || key.size() > kMaxIdempotencyKeyLength) {
    if (error) *error = "Idempotency-Key must be 1 to 255 characters (a random UUID is best)";
    return std::nullopt;
  }
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) {
      if (error) *error = "Idempotency-Key must be visible ASCII characters";
      return std::nullopt;
    }
  }
  std::string name(route);
  name.append(1, '\n').append(key);
  const auto digest = digest_of<32>(EVP_sha256(), {route, body});
  return IdempotencyKey{name_based_uuid(name), hex_digits(digest.data(), digest.size())};
}

IdempotencyKey row_idempotency_key(const IdempotencyKey& import_key, std::size_t line) {
  return IdempotencyKey{name_based_uuid(import_key.event_id + "\nline " + std::to_string(line)),
                        import_key.digest};
}

std::string unknown_outcome_message(bool keyed) {
  return keyed ? "the log did not confirm the write in time, and it may still take effect: "
                 "send it again with the same Idempotency-Key to learn its outcome"
               : "the log did not confirm the write in time, and it may still take effect: "
                 "look for it before sending it again, or send an Idempotency-Key";
}

}  // namespace linkstream::api
