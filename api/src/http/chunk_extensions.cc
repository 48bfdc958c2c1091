#include "http/chunk_extensions.h"

#include <algorithm>
#include <charconv>

namespace linkstream::api {

namespace {

constexpr std::size_t kMaxSizeLineBytes = 1024;

// The size of a chunk-size line without its CRLF: hex digits, then optional whitespace
// and extensions after a ';'. Returns the digits.
std::string_view size_digits(std::string_view line) {
  const auto digits_end = line.find_first_not_of("0123456789abcdefABCDEF");
  const auto digits = line.substr(0, digits_end);
  if (digits.empty() || digits.size() > 15) return {};
  if (digits_end == std::string_view::npos) return digits;
  const auto rest = line.substr(digits_end);
  const auto semicolon = rest.find_first_not_of(" \t");
  if (semicolon == std::string_view::npos || rest[semicolon] != ';') return {};
  return digits;
}

}  // namespace

bool ChunkExtensionStripper::strip(std::string_view in, std::string& out) {
  while (!in.empty()) {
    switch (state_) {
      case State::kSizeLine: {
        const auto newline = in.find('\n');
        size_line_.append(
            in.substr(0, newline == std::string_view::npos ? in.size() : newline + 1));
        if (size_line_.size() > kMaxSizeLineBytes) return false;
        if (newline == std::string_view::npos) return true;
        in.remove_prefix(newline + 1);
        if (size_line_.size() < 3 || !size_line_.ends_with("\r\n")) return false;
        const auto digits =
            size_digits(std::string_view(size_line_).substr(0, size_line_.size() - 2));
        std::uint64_t size = 0;
        if (digits.empty() ||
            std::from_chars(digits.data(), digits.data() + digits.size(), size, 16).ec !=
                std::errc{})
          return false;
        out.append(digits);
        out.append("\r\n");
        size_line_.clear();
        if (size == 0) {
          state_ = State::kTrailer;
        } else {
          state_ = State::kData;
          remaining_ = size;
        }
        break;
      }
      case State::kData:
      case State::kAfterData: {
        const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, in.size()));
        out.append(in.substr(0, take));
        in.remove_prefix(take);
        remaining_ -= take;
        if (remaining_ == 0) {
          if (state_ == State::kData) {
            state_ = State::kAfterData;
            remaining_ = 2;  // the CRLF after the data
          } else {
            state_ = State::kSizeLine;
          }
        }
        break;
      }
      case State::kTrailer:
        out.append(in);
        return true;
    }
  }
  return true;
}

}  // namespace linkstream::api
