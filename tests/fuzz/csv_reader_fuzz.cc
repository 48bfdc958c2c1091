// The CSV reader of the bulk imports (api/src/import/csv_reader.h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "import/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto table =
      linkstream::api::read_csv(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)table;
  return 0;
}
