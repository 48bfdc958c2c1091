#include "json/compact_json.h"

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace linkstream::api {

namespace {

// RapidJSON 1.1's Writer writes a raw number as a string ("1"): this one writes it as it is.
struct NumberKeepingWriter : rapidjson::Writer<rapidjson::StringBuffer> {
  using Writer::Writer;
  bool RawNumber(const Ch* text, rapidjson::SizeType length, bool) {
    return RawValue(text, length, rapidjson::kNumberType);
  }
};

}  // namespace

std::optional<std::string> compact_json(std::string_view text) {
  rapidjson::MemoryStream input(text.data(), text.size());
  rapidjson::StringBuffer output;
  NumberKeepingWriter writer(output);
  rapidjson::Reader reader;
  // Strings are copied as they are (escapes kept valid, nothing re-encoded but what the
  // writer must escape), numbers as written (kParseNumbersAsStringsFlag: no rounding).
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                              rapidjson::kParseValidateEncodingFlag |
                              rapidjson::kParseNumbersAsStringsFlag;
  if (!reader.Parse<kFlags>(input, writer)) return std::nullopt;
  return std::string(output.GetString(), output.GetSize());
}

}  // namespace linkstream::api
