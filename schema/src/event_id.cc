#include "linkstream/schema/event_id.h"

#include <cstdint>
#include <random>

namespace linkstream::schema {

std::string new_event_id() {
  // One generator per thread, seeded from the OS: no lock, and ids from two replicas or
  // two restarts of one replica do not repeat.
  thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64{seed};
  }()};
  std::uint64_t high = generator();
  std::uint64_t low = generator();
  high = (high & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;    // RFC 4122 variant
  // 8-4-4-4-12 hex digits; written by hand, as snprintf was a tenth of a redirect's cost.
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(36, '-');
  std::size_t at = 0;
  const auto hex = [&](std::uint64_t bits, int digits) {
    for (int i = digits - 1; i >= 0; --i) id[at++] = kHex[(bits >> (4 * i)) & 0xf];
  };
  hex(high >> 32, 8);
  ++at;
  hex(high >> 16, 4);
  ++at;
  hex(high, 4);
  ++at;
  hex(low >> 48, 4);
  ++at;
  hex(low, 12);
  return id;
}

}  // namespace linkstream::schema
