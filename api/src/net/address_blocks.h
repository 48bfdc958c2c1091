#pragma once
// IP addresses as 16 bytes (IPv4 mapped into IPv6, so that one comparison serves both) and
// lists of CIDR blocks: the proxies whose forwarding header is believed
// (http/client_address.h), the private networks a deployment allows as URL targets
// (domain/url_policy.h).

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace linkstream::api {

using IpBytes = std::array<std::uint8_t, 16>;

// A textual IPv4 (dotted decimal only) or IPv6 address, surrounding blanks ignored;
// nullopt when it is neither.
std::optional<IpBytes> parse_ip_address(std::string_view text);
// Whether the bytes hold an IPv4 address (::ffff:a.b.c.d).
bool is_mapped_v4(const IpBytes& bytes);

class AddressBlocks {
 public:
  // `list`: comma-separated IPv4 or IPv6 addresses and CIDR blocks ("127.0.0.1, 10.0.0.0/8,
  // ::1"); empty: no block. Throws std::invalid_argument naming the entry that is neither.
  explicit AddressBlocks(std::string_view list = "");

  bool contains(std::string_view address) const;
  bool contains(const IpBytes& address) const;
  bool empty() const { return blocks_.empty(); }

 private:
  struct Block {
    IpBytes bytes{};
    int prefix_bits = 128;
  };
  std::vector<Block> blocks_;
};

}  // namespace linkstream::api
