#pragma once
// Removes chunk extensions from a chunked request body on its way to Pistache.
//
// RFC 9112 7.1.1 lets a client put extensions after a chunk's size ("1a;name=value");
// a server must accept them and may ignore them. Pistache 0.0.5 answers "Invalid chunk
// size" to any, so each chunk-size line is passed on as the size alone. Chunk data,
// the CRLF after it, the last chunk and the trailer pass unchanged: Pistache frames them.
// Fed a connection's body bytes in order, in pieces of any size.

#include <cstdint>
#include <string>
#include <string_view>

namespace linkstream::api {

class ChunkExtensionStripper {
 public:
  // Appends to `out` what of `in` Pistache is to parse. Returns false when a chunk-size
  // line is not a hexadecimal size (optionally followed by extensions) ended by CRLF, or
  // is longer than 1 KiB: the body cannot be framed.
  bool strip(std::string_view in, std::string& out);

 private:
  enum class State { kSizeLine, kData, kAfterData, kTrailer };
  State state_ = State::kSizeLine;
  std::string size_line_;
  std::uint64_t remaining_ = 0;  // of the chunk's data, or of the CRLF after it
};

}  // namespace linkstream::api
