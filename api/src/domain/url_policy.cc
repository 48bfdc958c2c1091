#include "domain/url_policy.h"

#include <arpa/inet.h>
#include <idn2.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "net/comma_list.h"

namespace linkstream::api {

namespace {

constexpr std::size_t kMaxUrlBytes = 8192;
constexpr std::string_view kHint = "original_url must be an absolute http:// or https:// URL";

// Networks no public URL points into (IANA special-purpose registries): this host, private,
// shared (CGNAT), loopback, link-local (and so the clouds' metadata address), IETF
// protocol assignments, benchmarking, multicast, reserved, broadcast; IPv6 unspecified,
// loopback, link-local, unique-local, site-local, multicast. IPv4-mapped IPv6 addresses
// are IPv4 addresses to AddressBlocks, so the IPv4 blocks cover them too.
const AddressBlocks& special_networks() {
  static const AddressBlocks blocks(
      "0.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12,"
      "192.0.0.0/24, 192.168.0.0/16, 198.18.0.0/15, 224.0.0.0/4, 240.0.0.0/4,"
      "::/128, ::1/128, fe80::/10, fc00::/7, fec0::/10, ff00::/8");
  return blocks;
}

// Names that are local by definition (RFC 6761, RFC 6762, ICANN's .internal, RFC 8375).
constexpr std::string_view kLocalNames[] = {"localhost", "local", "internal", "home.arpa"};

bool is_or_under(std::string_view host, std::string_view domain) {
  return host == domain || (host.size() > domain.size() && host.ends_with(domain) &&
                            host[host.size() - domain.size() - 1] == '.');
}

// The code point of the UTF-8 sequence at `text[i]` (advancing `i`), or nullopt when the
// bytes are not valid UTF-8 (overlong, surrogate, beyond U+10FFFF, cut short).
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
  const unsigned char lead = byte(i);
  int extra;
  char32_t cp, minimum;
  if (lead < 0x80) {
    ++i;
    return lead;
  } else if ((lead & 0xe0) == 0xc0) {
    extra = 1, cp = lead & 0x1f, minimum = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    extra = 2, cp = lead & 0x0f, minimum = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    extra = 3, cp = lead & 0x07, minimum = 0x10000;
  } else {
    return std::nullopt;
  }
  if (i + extra >= text.size()) return std::nullopt;
  for (int k = 1; k <= extra; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (byte(i + k) & 0x3f);
  }
  if (cp < minimum || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
  i += extra + 1;
  return cp;
}

// Characters that change how a URL looks or is cut without being seen: C0 controls,
// space, DEL, C1 controls, and the bidirectional marks, embeddings, overrides and
// isolates (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069).
bool is_invisible_or_control(char32_t cp) {
  return cp <= 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
         (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

// The path, query and fragment with every byte that a URL may not hold percent-encoded.
std::string percent_encoded(std::string_view rest) {
  static constexpr std::string_view kUnsafe = "\"<>^`{|}";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(rest.size());
  for (const char c : rest) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80 || kUnsafe.find(c) != std::string_view::npos) {
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 0xf]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  });
  return out;
}

// An IPv4 address in any spelling inet_aton(3) takes, as browsers do ("2130706433",
// "0177.0.0.1", "0x7f.1"), as IPv4-mapped bytes.
std::optional<IpBytes> legacy_ipv4(const std::string& host) {
  in_addr v4{};
  if (::inet_aton(host.c_str(), &v4) == 0) return std::nullopt;
  IpBytes bytes{};
  bytes[10] = bytes[11] = 0xff;
  std::memcpy(bytes.data() + 12, &v4, 4);
  return bytes;
}

std::string ipv4_text(const IpBytes& bytes) {
  char text[INET_ADDRSTRLEN];
  ::inet_ntop(AF_INET, bytes.data() + 12, text, sizeof text);
  return text;
}

// The IPv4 address an IPv6 one carries (NAT64's 64:ff9b::/96, the old IPv4-compatible
// ::a.b.c.d), as mapped bytes; the address itself otherwise.
IpBytes embedded_ipv4(const IpBytes& bytes) {
  static constexpr std::uint8_t kNat64[12] = {0x00, 0x64, 0xff, 0x9b};
  const bool nat64 = std::equal(bytes.begin(), bytes.begin() + 12, kNat64);
  const bool compatible =
      std::all_of(bytes.begin(), bytes.begin() + 12, [](auto b) { return b == 0; }) &&
      !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && bytes[15] <= 1);
  if (!nat64 && !compatible) return bytes;
  IpBytes mapped{};
  mapped[10] = mapped[11] = 0xff;
  std::copy(bytes.begin() + 12, bytes.end(), mapped.begin() + 12);
  return mapped;
}

}  // namespace

std::string ascii_host_name(std::string_view host) {
  if (host.ends_with('.')) host.remove_suffix(1);
  if (host.empty()) return "";
  std::string ascii;
  if (std::any_of(host.begin(), host.end(), [](char c) { return c & 0x80; })) {
    char* converted = nullptr;
    const std::string input(host);
    if (::idn2_to_ascii_8z(input.c_str(), &converted, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) !=
        IDN2_OK) {
      return "";
    }
    ascii = converted;
    ::idn2_free(converted);
  } else {
    ascii = lower_ascii(host);
  }
  if (ascii.size() > 253) return "";
  std::size_t label = 0;
  for (const char c : ascii) {
    if (c == '.') {
      if (label == 0) return "";
      label = 0;
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
      if (++label > 63) return "";
    } else {
      return "";
    }
  }
  return label == 0 ? "" : ascii;
}

bool UrlPolicy::admits_address(const IpBytes& address) const {
  return !special_networks().contains(address) || allowed_networks_.contains(address);
}

UrlPolicy::UrlPolicy(std::string_view allowed_private, std::string_view blocked_domains) {
  std::string networks;
  for (const auto entry : comma_separated(allowed_private)) {
    if (parse_ip_address(entry.substr(0, entry.find('/')))) {
      networks.append(entry).append(",");
    } else if (auto name = ascii_host_name(entry); !name.empty()) {
      allowed_hosts_.push_back(std::move(name));
    } else {
      throw std::invalid_argument("not an address, CIDR block or host name: '" +
                                  std::string(entry) + "'");
    }
  }
  allowed_networks_ = AddressBlocks(networks);
  for (const auto entry : comma_separated(blocked_domains)) {
    auto name = ascii_host_name(entry);
    if (name.empty()) {
      throw std::invalid_argument("not a domain name: '" + std::string(entry) + "'");
    }
    blocked_domains_.push_back(std::move(name));
  }
}

bool UrlPolicy::allowed_host(std::string_view host) const {
  return std::any_of(allowed_hosts_.begin(), allowed_hosts_.end(),
                     [&](const std::string& allowed) { return is_or_under(host, allowed); });
}

UrlPolicy::Verdict UrlPolicy::admit(std::string_view url) const {
  const auto refuse = [](std::string message) { return Verdict{{}, std::move(message)}; };
  if (url.size() > kMaxUrlBytes) return refuse("original_url must be at most 8192 bytes");
  for (std::size_t i = 0; i < url.size();) {
    const auto cp = next_code_point(url, i);
    if (!cp) return refuse("original_url is not valid UTF-8");
    if (is_invisible_or_control(*cp)) {
      return refuse(std::string(kHint) +
                    ", without spaces, control characters or bidirectional marks");
    }
  }
  if (url.find('\\') != std::string_view::npos) {
    return refuse("original_url must not hold a backslash (browsers read it as '/')");
  }

  const auto scheme_end = url.find("://");
  const auto scheme = lower_ascii(url.substr(0, scheme_end));
  if (scheme_end == std::string_view::npos || (scheme != "http" && scheme != "https")) {
    return refuse(std::string(kHint));
  }
  const auto rest = url.substr(scheme_end + 3);
  const auto authority_end = rest.find_first_of("/?#");
  const auto authority = rest.substr(0, authority_end);
  const auto tail =
      authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) {
    return refuse("original_url must not hold a user name or password (the part before '@')");
  }

  // The host, and the port after it.
  std::string_view host_text = authority, port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos)
      return refuse(std::string(kHint) + " (unclosed IPv6 host)");
    host_text = authority.substr(1, close - 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) {
      return refuse(std::string(kHint) + " (text after the IPv6 host)");
    }
    if (!after.empty()) port = after.substr(1);
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host_text = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (!port.empty()) {
    const bool digits = port.size() <= 5 && std::all_of(port.begin(), port.end(), [](char c) {
                          return c >= '0' && c <= '9';
                        });
    const int number = digits ? std::stoi(std::string(port)) : 0;
    if (number < 1 || number > 65535) {
      return refuse("original_url's port must be a number from 1 to 65535");
    }
  }
  if (host_text.empty()) return refuse(std::string(kHint) + " (it has no host)");
  if (host_text.find('%') != std::string_view::npos) {
    return refuse("original_url's host must not be percent-encoded");
  }

  std::string host;
  std::optional<IpBytes> address;
  if (authority.starts_with('[')) {
    in6_addr v6{};
    if (::inet_pton(AF_INET6, std::string(host_text).c_str(), &v6) != 1) {
      return refuse("original_url's host is not an IPv6 address");
    }
    IpBytes bytes{};
    std::memcpy(bytes.data(), &v6, 16);
    char text[INET6_ADDRSTRLEN];
    ::inet_ntop(AF_INET6, &v6, text, sizeof text);
    host = "[" + std::string(text) + "]";
    address = embedded_ipv4(bytes);
  } else {
    host = ascii_host_name(host_text);
    if (host.empty()) return refuse("original_url's host is not a valid domain name");
    if ((address = legacy_ipv4(host))) {
      host = ipv4_text(*address);
    } else {
      const auto last_label = host.substr(host.rfind('.') + 1);
      if (std::all_of(last_label.begin(), last_label.end(),
                      [](char c) { return c >= '0' && c <= '9'; }) ||
          last_label.starts_with("0x")) {
        return refuse("original_url's host is neither a name nor an IPv4 address");
      }
    }
  }

  const auto private_target = [&](const std::string& shown) {
    return refuse("original_url points to " + shown +
                  ", a loopback, private or link-local target that this server does not "
                  "redirect to");
  };
  if (address) {
    if (special_networks().contains(*address) && !allowed_networks_.contains(*address)) {
      return private_target(host);
    }
  } else {
    const bool local = std::any_of(std::begin(kLocalNames), std::end(kLocalNames),
                                   [&](std::string_view name) { return is_or_under(host, name); });
    if (local && !allowed_host(host)) return private_target(host);
    for (const auto& blocked : blocked_domains_) {
      if (is_or_under(host, blocked)) {
        return refuse("original_url's domain " + blocked + " is not accepted here");
      }
    }
  }

  std::string normalised = scheme + "://" + host;
  if (!port.empty()) normalised.append(":").append(port);
  normalised.append(percent_encoded(tail));
  // Percent-encoding triples a byte: what is stored must pass this limit again (the URL a
  // client reads back is one it may send, and every redirect's Location stays bounded).
  if (normalised.size() > kMaxUrlBytes) {
    return refuse("original_url must be at most 8192 bytes once percent-encoded");
  }
  return {std::move(normalised), {}};
}

}  // namespace linkstream::api
