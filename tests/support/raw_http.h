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

// One plain TCP connection to a port on loopback, from a chosen loopback address (all of
// 127.0.0.0/8 is this machine: each address is another client to the api).
class RawConnection {
 public:
  RawConnection(int port, const std::string& from = "127.0.0.1");
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  bool send(const std::string& bytes);
  // Everything received until the server ended the connection or `timeout` passed.
  RawExchange receive(std::chrono::milliseconds timeout);
  // The same, but done as soon as one whole answer (its head and Content-Length bytes of
  // body) is there.
  RawExchange answer(std::chrono::milliseconds timeout);

 private:
  RawExchange read(std::chrono::milliseconds timeout, bool one_answer);

  int fd_ = -1;
  bool connected_ = false;
};

RawExchange exchange_until_closed(const std::string& request,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace linkstream::testing
