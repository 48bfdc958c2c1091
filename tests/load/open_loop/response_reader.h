#pragma once
// Finds where one HTTP/1.1 answer ends in the bytes a connection receives, and its status.
//
// Enough of RFC 9112 for a load generator talking to linkstream or nginx: a status line,
// header lines, and a body framed by Content-Length (or none, for 1xx, 204 and 304).
// Chunked bodies, and answers framed by the end of the connection, are reported as
// malformed: neither server sends them to this generator, and counting them as errors
// is safer than guessing where they end.

#include <cstddef>
#include <string>
#include <string_view>

namespace linkstream::load {

class ResponseReader {
 public:
  enum class State { kIncomplete, kComplete, kMalformed };

  // Appends received bytes; returns whether the buffered bytes now hold a whole answer.
  State feed(std::string_view bytes);

  // After kComplete: the answer's status, and whether the server closes the connection
  // after it (Connection: close, or HTTP/1.0).
  int status() const { return status_; }
  bool closes() const { return closes_; }

  // Forgets the answer (keeping any bytes that came after it) and reports on what is left.
  State next();

 private:
  State parse();

  std::string buffer_;
  std::size_t answer_bytes_ = 0;  // of buffer_, once complete
  int status_ = 0;
  bool closes_ = false;
};

}  // namespace linkstream::load
