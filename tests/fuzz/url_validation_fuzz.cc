// The checks of what a client submits as a user or a URL (api/src/domain/validation.h,
// url_policy.h): whatever the bytes, an answer, and an accepted URL is ASCII and is
// accepted again unchanged (normalising twice changes nothing).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/url_policy.h"
#include "domain/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const linkstream::api::UrlPolicy policy("10.0.0.0/8,intranet.example", "blocked.example");
  if (const auto verdict = policy.admit(text); verdict.ok()) {
    for (const char c : verdict.url) {
      if (static_cast<unsigned char>(c) >= 0x80) __builtin_trap();
    }
    const auto again = policy.admit(verdict.url);
    if (!again.ok() || again.url != verdict.url) __builtin_trap();
  }
  (void)linkstream::api::check_custom_short_code(text);
  (void)linkstream::api::check_username(text);
  (void)linkstream::api::check_email(text);
  (void)linkstream::api::check_title(text);
  return 0;
}
