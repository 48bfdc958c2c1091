// The percent-decoding of query values (api/src/http/query_value.h): never longer than
// its input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/query_value.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (linkstream::api::percent_decode(text).size() > text.size()) __builtin_trap();
  return 0;
}
