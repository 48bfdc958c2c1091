#include "http/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace linkstream::api {

namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The address as 16 bytes (IPv4 mapped into IPv6), or nullopt when it is neither.
std::optional<std::array<std::uint8_t, 16>> parse_address(std::string_view text) {
  const std::string address(trimmed(text));
  std::array<std::uint8_t, 16> bytes{};
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

bool is_mapped_v4(const std::array<std::uint8_t, 16>& bytes) {
  return std::all_of(bytes.begin(), bytes.begin() + 10, [](auto b) { return b == 0; }) &&
         bytes[10] == 0xff && bytes[11] == 0xff;
}

}  // namespace

TrustedProxies::TrustedProxies(std::string_view list) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto entry = trimmed(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (entry.empty()) continue;
    const auto slash = entry.find('/');
    const auto bytes = parse_address(entry.substr(0, slash));
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

bool TrustedProxies::contains(std::string_view address) const {
  if (blocks_.empty()) return false;
  const auto bytes = parse_address(address);
  if (!bytes) return false;
  return std::any_of(blocks_.begin(), blocks_.end(), [&](const Block& block) {
    const int whole = block.prefix_bits / 8, rest = block.prefix_bits % 8;
    if (!std::equal(block.bytes.begin(), block.bytes.begin() + whole, bytes->begin())) return false;
    if (rest == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (block.bytes[whole] & mask) == ((*bytes)[whole] & mask);
  });
}

std::string client_address(std::string_view peer, const std::optional<std::string>& forwarded_for,
                           const TrustedProxies& trusted) {
  if (!forwarded_for || !trusted.contains(peer)) return std::string(peer);
  // Right to left: each proxy appends the address it saw; the first one not trusted is
  // the client as far as anyone we trust can tell.
  std::string_view rest(*forwarded_for);
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const auto entry = trimmed(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    if (!parse_address(entry)) return std::string(peer);
    if (!trusted.contains(entry)) return std::string(entry);
  }
  return std::string(peer);
}

std::string rate_limit_key(std::string_view address) {
  const auto bytes = parse_address(address);
  if (!bytes || is_mapped_v4(*bytes)) return std::string(trimmed(address));
  char text[INET6_ADDRSTRLEN];
  in6_addr network{};
  std::memcpy(&network, bytes->data(), 8);  // the /64; the host half stays zero
  if (!inet_ntop(AF_INET6, &network, text, sizeof text)) return std::string(address);
  return std::string(text) + "/64";
}

}  // namespace linkstream::api
