// The checks of what a client submits as a user or a URL (api/src/domain/validation.h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)linkstream::api::check_original_url(text);
  (void)linkstream::api::check_custom_short_code(text);
  (void)linkstream::api::check_username(text);
  (void)linkstream::api::check_email(text);
  (void)linkstream::api::check_title(text);
  return 0;
}
