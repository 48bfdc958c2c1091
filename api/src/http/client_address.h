#pragma once
// Who a request comes from: the connection's peer, or, when that peer is a proxy this
// replica trusts (nginx), the address the proxy reports in X-Forwarded-For.
//
// A forwarding header from anyone else is the client's own claim and is ignored: any
// client could otherwise pick the address its clicks count under (unique visitors) and
// the one its rate limits are kept for (a new one per request).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/address_blocks.h"

namespace linkstream::api {

// The proxies (nginx) whose X-Forwarded-For is believed.
using TrustedProxies = AddressBlocks;

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
