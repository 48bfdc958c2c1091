#pragma once
// One connection's view of where its request heads are, so that each head is checked
// (request_head.h) before Pistache parses any of it.
//
// A head may arrive over several reads: its bytes are kept until the empty line that ends
// it, at most kMaxRequestHeadBytes of them. Once it is accepted, what follows is that
// request's body, which Pistache frames, until request_done(); a chunked body loses its
// chunk extensions on the way (chunk_extensions.h). Not thread-safe: a connection is
// served by one Pistache worker.

#include <optional>
#include <string>
#include <string_view>

#include "http/chunk_extensions.h"
#include "http/request_head.h"

namespace linkstream::api {

class FramingGuard {
 public:
  struct Admission {
    HeadVerdict verdict;
    // When accepted: the bytes Pistache is to parse, the chunk itself or its rewriting
    // (valid until the next call).
    std::string_view bytes;
  };

  // Each chunk the connection reads, in order. A refusal ends the connection (the
  // caller answers and closes); after it the guard must not be fed again.
  Admission admit(std::string_view chunk);

  // The request whose head was accepted is complete: the next byte begins a new head.
  void request_done();

  // The connection is being closed after a refusal: whatever else it sends is dropped
  // (answered once, not once per read that was already on its way).
  void close() { closed_ = true; }
  bool closed() const { return closed_; }

  // Where the connection is: part of a head read, or a head accepted and its body not
  // yet complete (neither: between requests).
  bool reading_head() const { return !partial_head_.empty(); }
  bool reading_body() const { return in_body_; }

 private:
  // `chunk` holds the end of an accepted head (its first `head_bytes`) and then body.
  Admission begin_body(std::string_view chunk, std::size_t head_bytes, HeadVerdict verdict);
  Admission body(std::string_view chunk);

  bool in_body_ = false;
  bool closed_ = false;
  std::string partial_head_;
  std::optional<ChunkExtensionStripper> chunked_;
  std::string rewritten_;
};

}  // namespace linkstream::api
