#pragma once
// A listening TCP socket on a free loopback port, for tests that play a server (a webhook
// endpoint, a stalling HTTP server for the load generator).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

namespace linkstream::testing {

// Returns the listening descriptor and sets *port to the port the kernel chose. Throws
// std::runtime_error naming `who` when the socket cannot be made, bound or listened on.
inline int listen_on_loopback(int* port, const std::string& who) {
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      listen(listener, 16) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    if (listener >= 0) close(listener);
    throw std::runtime_error(who + " cannot listen on loopback");
  }
  *port = ntohs(address.sin_port);
  return listener;
}

}  // namespace linkstream::testing
