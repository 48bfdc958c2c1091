#include "http/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "net/comma_list.h"

namespace linkstream::api {

std::string client_address(std::string_view peer, const std::optional<std::string>& forwarded_for,
                           const TrustedProxies& trusted) {
  if (!forwarded_for || !trusted.contains(peer)) return std::string(peer);
  // Right to left: each proxy appends the address it saw; the first one not trusted is
  // the client as far as anyone we trust can tell.
  std::string_view rest(*forwarded_for);
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const auto entry =
        without_blanks(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    if (!parse_ip_address(entry)) return std::string(peer);
    if (!trusted.contains(entry)) return std::string(entry);
  }
  return std::string(peer);
}

std::string rate_limit_key(std::string_view address) {
  const auto bytes = parse_ip_address(address);
  if (!bytes || is_mapped_v4(*bytes)) return std::string(without_blanks(address));
  char text[INET6_ADDRSTRLEN];
  in6_addr network{};
  std::memcpy(&network, bytes->data(), 8);  // the /64; the host half stays zero
  if (!inet_ntop(AF_INET6, &network, text, sizeof text)) return std::string(address);
  return std::string(text) + "/64";
}

}  // namespace linkstream::api
