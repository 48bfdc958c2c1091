#include "linkstream/schema/bounded_json.h"

#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cstdint>
#include <cstring>

namespace linkstream::schema {

namespace {

using rapidjson::SizeType;

// Passes SAX events on to a Document, refusing to open a container deeper than
// `max_depth`. Returning false stops RapidJSON's reader at once (kParseErrorTermination).
class DepthLimitedBuilder {
 public:
  DepthLimitedBuilder(rapidjson::Document& target, int max_depth)
      : target_(target), max_depth_(max_depth) {}

  bool Null() { return target_.Null(); }
  bool Bool(bool b) { return target_.Bool(b); }
  bool Int(int i) { return target_.Int(i); }
  bool Uint(unsigned u) { return target_.Uint(u); }
  bool Int64(std::int64_t i) { return target_.Int64(i); }
  bool Uint64(std::uint64_t u) { return target_.Uint64(u); }
  bool Double(double d) { return target_.Double(d); }
  bool RawNumber(const char* s, SizeType length, bool copy) {
    return target_.RawNumber(s, length, copy);
  }
  bool String(const char* s, SizeType length, bool copy) {
    return text_allowed(s, length) && target_.String(s, length, copy);
  }
  bool Key(const char* s, SizeType length, bool copy) {
    return text_allowed(s, length) && target_.Key(s, length, copy);
  }
  bool StartObject() { return open() && target_.StartObject(); }
  bool EndObject(SizeType members) {
    --depth_;
    return target_.EndObject(members);
  }
  bool StartArray() { return open() && target_.StartArray(); }
  bool EndArray(SizeType elements) {
    --depth_;
    return target_.EndArray(elements);
  }

  bool too_deep() const { return too_deep_; }
  bool holds_nul_character() const { return holds_nul_character_; }

 private:
  // PostgreSQL's text and jsonb cannot hold U+0000 (written "\u0000" in JSON): one such
  // string reaching the projector would fail its batch on every retry.
  bool text_allowed(const char* s, SizeType length) {
    if (std::memchr(s, 0, length) == nullptr) return true;
    holds_nul_character_ = true;
    return false;
  }

  bool open() {
    if (++depth_ <= max_depth_) return true;
    too_deep_ = true;
    return false;
  }

  rapidjson::Document& target_;
  int max_depth_;
  int depth_ = 0;
  bool too_deep_ = false;
  bool holds_nul_character_ = false;
};

// The iterative parser keeps its state on the heap instead of the call stack; the encoding
// check makes invalid UTF-8 an error rather than bytes passed on to the log.
constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;

}  // namespace

std::optional<std::string> parse_bounded_json(std::string_view text, rapidjson::Document& document,
                                              int max_depth) {
  // RapidJSON reads a NUL byte as the end of the input, which would let anything after one
  // pass unread; JSON text never holds a raw NUL (inside strings it must be escaped).
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    return "the JSON holds a NUL byte (at byte " + std::to_string(nul) + ")";
  }
  rapidjson::MemoryStream memory(text.data(), text.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> input(memory);
  rapidjson::Reader reader;
  std::optional<std::string> error;
  // Populate hands the document to the generator as the handler to fill, and keeps the
  // value only when the generator returns true.
  auto generate = [&](rapidjson::Document& handler) {
    DepthLimitedBuilder builder(handler, max_depth);
    const rapidjson::ParseResult result = reader.Parse<kFlags>(input, builder);
    if (!result.IsError()) return true;
    const std::string at = " (at byte " + std::to_string(result.Offset()) + ")";
    if (builder.too_deep()) {
      error = "the JSON is nested deeper than " + std::to_string(max_depth) + " levels" + at;
    } else if (builder.holds_nul_character()) {
      error = "a string holds the character U+0000, which cannot be stored" + at;
    } else {
      error = rapidjson::GetParseError_En(result.Code()) + at;
    }
    return false;
  };
  document.Populate(generate);
  return error;
}

}  // namespace linkstream::schema
