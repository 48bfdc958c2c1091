#include "support/raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdint>

#include "support/stack_under_test.h"

namespace linkstream::testing {

int RawExchange::status() const {
  if (!received.starts_with("HTTP/1.") || received.size() < 12) return 0;
  return std::stoi(received.substr(9, 3));
}

std::string RawExchange::body() const {
  const auto end = received.find("\r\n\r\n");
  return end == std::string::npos ? "" : received.substr(end + 4);
}

RawExchange exchange_until_closed(const std::string& request, std::chrono::milliseconds timeout) {
  const auto url = api_url();  // http://127.0.0.1:PORT
  const auto port = std::stoi(url.substr(url.rfind(':') + 1));
  RawExchange result;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return result;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval wait{.tv_sec = static_cast<time_t>(timeout.count() / 1000),
               .tv_usec = static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char buffer[4096];
    for (;;) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n > 0) {
        result.received.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      result.ended = n == 0;  // -1: the timeout passed with the connection still open
      break;
    }
  }
  ::close(fd);
  return result;
}

}  // namespace linkstream::testing
