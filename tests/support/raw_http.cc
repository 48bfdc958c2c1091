#include "support/raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
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

RawConnection::RawConnection(int port, const std::string& from) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in source{};
  source.sin_family = AF_INET;
  if (::inet_pton(AF_INET, from.c_str(), &source.sin_addr) != 1 ||
      ::bind(fd_, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0) {
    return;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(const std::string& bytes) {
  return connected_ && ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                           static_cast<ssize_t>(bytes.size());
}

namespace {

// Whether `received` holds a whole answer: its head, and as much body as it announced.
bool whole_answer(const std::string& received) {
  const auto end = received.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  std::size_t length = 0;
  for (std::size_t line = received.find("\r\n") + 2; line < end;) {
    const auto next = received.find("\r\n", line);
    const auto field = received.substr(line, next - line);
    if (field.size() > 15 && ::strncasecmp(field.c_str(), "content-length:", 15) == 0) {
      length = std::stoul(field.substr(15));
    }
    line = next + 2;
  }
  return received.size() >= end + 4 + length;
}

}  // namespace

RawExchange RawConnection::receive(std::chrono::milliseconds timeout) {
  return read(timeout, false);
}

RawExchange RawConnection::answer(std::chrono::milliseconds timeout) {
  return read(timeout, true);
}

RawExchange RawConnection::read(std::chrono::milliseconds timeout, bool one_answer) {
  RawExchange result;
  if (!connected_) return result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd ready{.fd = fd_, .events = POLLIN, .revents = 0};
    if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) break;
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n > 0) {
      result.received.append(buffer, static_cast<std::size_t>(n));
      if (one_answer && whole_answer(result.received)) break;
      continue;
    }
    result.ended = n == 0 || errno == ECONNRESET;
    break;
  }
  return result;
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
