// The multipart/form-data reader of the bulk imports (api/src/http/multipart.h). The
// input's first line is the boundary, the rest the body; the part found must lie inside it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const auto boundary = input.substr(0, newline);
  const auto body = input.substr(newline + 1);
  if (const auto part = linkstream::api::multipart_field(body, boundary, "file")) {
    if (part->data() < body.data() || part->data() + part->size() > body.data() + body.size())
      __builtin_trap();
  }
  return 0;
}
