#include "net/address_blocks.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "net/comma_list.h"

namespace linkstream::api {

std::optional<IpBytes> parse_ip_address(std::string_view text) {
  const std::string address(without_blanks(text));
  IpBytes bytes{};
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    bytes[10] = bytes[11] = 0xff;
    std::memcpy(bytes.data() + 12, &v4, 4);
    return bytes;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) {
    std::memcpy(bytes.data(), &v6, 16);
    return bytes;
  }
  return std::nullopt;
}

bool is_mapped_v4(const IpBytes& bytes) {
  return std::all_of(bytes.begin(), bytes.begin() + 10, [](auto b) { return b == 0; }) &&
         bytes[10] == 0xff && bytes[11] == 0xff;
}

AddressBlocks::AddressBlocks(std::string_view list) {
  for (const auto entry : comma_separated(list)) {
    const auto slash = entry.find('/');
    const auto bytes = parse_ip_address(entry.substr(0, slash));
    if (!bytes) {
      throw std::invalid_argument("not an IP address or CIDR block: '" + std::string(entry) + "'");
    }
    Block block{*bytes, 128};
    const bool v4 = is_mapped_v4(*bytes) && entry.find(':') == std::string_view::npos;
    if (slash != std::string_view::npos) {
      const auto bits_text = entry.substr(slash + 1);
      int bits = -1;
      if (!bits_text.empty() && bits_text.size() <= 3 &&
          std::all_of(bits_text.begin(), bits_text.end(),
                      [](char c) { return c >= '0' && c <= '9'; }))
        bits = std::stoi(std::string(bits_text));
      if (bits < 0 || bits > (v4 ? 32 : 128)) {
        throw std::invalid_argument("not a prefix length: '" + std::string(entry) + "'");
      }
      block.prefix_bits = v4 ? 96 + bits : bits;
    }
    blocks_.push_back(block);
  }
}

bool AddressBlocks::contains(std::string_view address) const {
  if (blocks_.empty()) return false;
  const auto bytes = parse_ip_address(address);
  return bytes && contains(*bytes);
}

bool AddressBlocks::contains(const IpBytes& address) const {
  return std::any_of(blocks_.begin(), blocks_.end(), [&](const Block& block) {
    const int whole = block.prefix_bits / 8, rest = block.prefix_bits % 8;
    if (!std::equal(block.bytes.begin(), block.bytes.begin() + whole, address.begin())) {
      return false;
    }
    if (rest == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (block.bytes[whole] & mask) == (address[whole] & mask);
  });
}

}  // namespace linkstream::api
