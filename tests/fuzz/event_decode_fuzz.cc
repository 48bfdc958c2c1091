// Decoding an event from the log (linkstream/schema/codec.h): what any producer may have
// written to a topic, read by the api's view and the projector.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "linkstream/schema/codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto decoded =
      linkstream::schema::decode(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)decoded;
  return 0;
}
