#pragma once
// Which URLs may be shortened, and the one spelling each is stored and redirected in
// (docs/security.md, "URL policy").
//
// Accepted: an absolute http or https URL with a host and, if any, a port from 1 to
// 65535; no user-info ("user:pass@"), no backslash, no whitespace, no control character
// (C0, DEL, C1) and no bidirectional override anywhere, valid UTF-8. Refused unless the
// deployment allows them: targets on loopback, private, shared (CGNAT), link-local (the
// cloud metadata address 169.254.169.254 among them), multicast and reserved networks,
// however the address is spelt (2130706433, 0177.0.0.1, 0x7f.1, [::ffff:127.0.0.1]), and
// names that are local by definition (localhost, *.localhost, *.local, *.internal,
// *.home.arpa); and any domain on the deployment's block list, with every name under it.
//
// Normalised: the scheme and host lower-cased, a host's trailing dot dropped, an
// internationalised host in punycode (libidn2, IDNA 2008 with UTS #46 mapping), an IPv4
// host in dotted decimal, an IPv6 host in its canonical form, an empty port dropped; every
// byte of the path, query and fragment that is not ASCII, and the ASCII characters a URL
// may not hold (" < > ^ ` { | }), percent-encoded. What is already ASCII and allowed is
// kept byte for byte (%20 stays %20), so the stored URL, and the Location of every
// redirect, is ASCII.
//
// Thread-safe (const after construction).

#include <string>
#include <string_view>
#include <vector>

#include "net/address_blocks.h"

namespace linkstream::api {

class UrlPolicy {
 public:
  // `allowed_private`: comma-separated addresses, CIDR blocks and host names that may be
  // targets although they are private (a private deployment's own network: "10.0.0.0/8,
  // wiki.corp.internal"); a name covers the names under it. `blocked_domains`:
  // comma-separated domains refused with every name under them. Throws
  // std::invalid_argument naming an entry that is neither.
  explicit UrlPolicy(std::string_view allowed_private = "", std::string_view blocked_domains = "");

  struct Verdict {
    std::string url;    // accepted: the URL as stored and redirected to
    std::string error;  // refused: what the client is to fix
    bool ok() const { return error.empty(); }
  };
  Verdict admit(std::string_view url) const;
  // Whether a connection may go to `address`: not a special-purpose network (loopback,
  // private, link-local, ...) unless the deployment allows it. For what connects to an
  // admitted URL's host (linkstream-deliverer), since a name may resolve anywhere.
  bool admits_address(const IpBytes& address) const;

 private:
  bool allowed_host(std::string_view host) const;

  AddressBlocks allowed_networks_;
  std::vector<std::string> allowed_hosts_;    // lower-case, punycode
  std::vector<std::string> blocked_domains_;  // lower-case, punycode
};

// The lower-case ASCII (punycode) spelling of a host name without its trailing dot, or ""
// when it is not a valid name.
std::string ascii_host_name(std::string_view host);

}  // namespace linkstream::api
