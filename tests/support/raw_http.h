#pragma once
// Bytes written to the api over a plain TCP connection, for what an HTTP client library
// would never send (hostile framing, Connection: close by hand).

#include <chrono>
#include <string>

namespace linkstream::testing {

// What a raw connection received for `request` until the server ended it, and whether it
// did end (recv() saw the end) within `timeout`.
struct RawExchange {
  std::string received;
  bool ended = false;

  // The status of the first answer received, or 0.
  int status() const;
  // The body of the first answer (everything after its head), or "".
  std::string body() const;
};

RawExchange exchange_until_closed(const std::string& request,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace linkstream::testing
