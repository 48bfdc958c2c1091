#pragma once
// Who a request comes from: the connection's peer, or, when that peer is a proxy this
// replica trusts (nginx), the address the proxy reports in X-Forwarded-For.
//
// A forwarding header from anyone else is the client's own claim and is ignored: any
// client could otherwise pick the address its clicks count under (unique visitors) and
// the one its rate limits are kept for (a new one per request).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linkstream::api {

class TrustedProxies {
 public:
  // `list`: comma-separated IPv4 or IPv6 addresses and CIDR blocks ("127.0.0.1,10.0.0.0/8,
  // ::1"); empty: no proxy is trusted. Throws std::invalid_argument naming the entry that
  // is neither.
  explicit TrustedProxies(std::string_view list = "");

  bool contains(std::string_view address) const;
  bool empty() const { return blocks_.empty(); }

 private:
  struct Block {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
    int prefix_bits = 128;
  };
  std::vector<Block> blocks_;
};

// The client's address: `peer`, or when `peer` is trusted, the last address in
// `forwarded_for` (X-Forwarded-For) that is not itself a trusted proxy (the address the
// proxy nearest to us saw); `peer` again when the header is missing or holds no address.
std::string client_address(std::string_view peer, const std::optional<std::string>& forwarded_for,
                           const TrustedProxies& trusted);

// The key a client's rate limits are kept under: an IPv4 address whole, an IPv6 address
// by its /64 (one subscriber's network: a client changing the host bits of its address
// does not get fresh buckets). Anything else is kept as given.
std::string rate_limit_key(std::string_view address);

}  // namespace linkstream::api
