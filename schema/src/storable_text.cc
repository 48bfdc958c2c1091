#include "linkstream/schema/storable_text.h"

#include <algorithm>

namespace linkstream::schema {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool in(unsigned char c, unsigned char low, unsigned char high) {
  return c >= low && c <= high;
}

// The length of the well-formed sequence at the start of `s` (Unicode's table 3-7), or 0
// with `ill_formed` set to the length of the maximal ill-formed part to replace.
std::size_t sequence_length(std::string_view s, std::size_t& ill_formed) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(0);
  if (lead != 0 && lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char second_low = 0x80, second_high = 0xBF;
  if (in(lead, 0xC2, 0xDF)) {
    length = 2;
  } else if (in(lead, 0xE0, 0xEF)) {
    length = 3;
    if (lead == 0xE0) second_low = 0xA0;   // no overlong forms
    if (lead == 0xED) second_high = 0x9F;  // no surrogates
  } else if (in(lead, 0xF0, 0xF4)) {
    length = 4;
    if (lead == 0xF0) second_low = 0x90;   // no overlong forms
    if (lead == 0xF4) second_high = 0x8F;  // nothing above U+10FFFF
  } else {
    ill_formed = 1;  // NUL, a continuation byte, C0, C1 or F5..FF
    return 0;
  }
  std::size_t i = 1;
  for (; i < length && i < s.size(); ++i) {
    const bool fits = i == 1 ? in(byte(i), second_low, second_high) : in(byte(i), 0x80, 0xBF);
    if (!fits) break;
  }
  if (i == length) return length;
  ill_formed = i;
  return 0;
}

}  // namespace

std::string storable_text(std::string_view bytes, std::size_t max_bytes) {
  std::string text;
  text.reserve(std::min(bytes.size(), max_bytes));
  while (!bytes.empty()) {
    std::size_t ill_formed = 0;
    const std::size_t length = sequence_length(bytes, ill_formed);
    const std::string_view piece = length ? bytes.substr(0, length) : kReplacement;
    if (text.size() + piece.size() > max_bytes) break;
    text.append(piece);
    bytes.remove_prefix(length ? length : ill_formed);
  }
  return text;
}

}  // namespace linkstream::schema
