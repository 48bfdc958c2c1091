#pragma once
// A webhook endpoint for tests: an HTTP server on a free loopback port that records every
// request the deliverer makes and answers as the test scripts it (fail with a status, hang
// past the deliverer's timeout, or take it with 200). One connection at a time, each closed
// after its answer. Thread-safe.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback_listener.h"

namespace linkstream::testing {

struct ReceivedDelivery {
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  int answered = 0;  // the status it was answered with (0: left hanging)
};

class WebhookReceiver {
 public:
  // How to answer the nth request (from 1): a status, or 0 to hang for `hang` and close.
  using Script = std::function<int(int n)>;

  explicit WebhookReceiver(Script script, std::chrono::milliseconds hang = std::chrono::seconds(2))
      : script_(std::move(script)), hang_(hang) {
    listener_ = listen_on_loopback(&port_, "the webhook receiver");
    thread_ = std::thread([this] { serve(); });
  }

  ~WebhookReceiver() {
    stopping_ = true;
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }

  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  void script(Script script) {
    std::lock_guard lock(mutex_);
    script_ = std::move(script);
  }

  std::vector<ReceivedDelivery> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }

  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

 private:
  void serve() {
    while (!stopping_) {
      const int connection = accept(listener_, nullptr, nullptr);
      if (connection < 0) continue;
      timeval limit{5, 0};
      setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
      handle(connection);
      close(connection);
    }
  }

  void handle(int connection) {
    std::string data;
    char buffer[8192];
    std::size_t head_end = std::string::npos;
    std::size_t length = 0;
    while (true) {
      if (head_end != std::string::npos && data.size() >= head_end + 4 + length) break;
      const auto n = recv(connection, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      data.append(buffer, static_cast<std::size_t>(n));
      if (head_end == std::string::npos &&
          (head_end = data.find("\r\n\r\n")) != std::string::npos) {
        const auto headers = parse_headers(data.substr(0, head_end));
        const auto it = headers.find("content-length");
        length = it == headers.end() ? 0 : std::stoul(it->second);
      }
    }
    ReceivedDelivery delivery{parse_headers(data.substr(0, head_end)),
                              data.substr(head_end + 4, length), 0};
    int status = 0;
    {
      std::lock_guard lock(mutex_);
      status = script_(static_cast<int>(received_.size()) + 1);
      delivery.answered = status;
      received_.push_back(delivery);
    }
    if (status == 0) {
      // Past the deliverer's timeout: it gives up on this attempt and tries again.
      std::this_thread::sleep_for(hang_);
      return;
    }
    const std::string answer = "HTTP/1.1 " + std::to_string(status) +
                               " Scripted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    send(connection, answer.data(), answer.size(), MSG_NOSIGNAL);
  }

  static std::map<std::string, std::string> parse_headers(const std::string& head) {
    std::map<std::string, std::string> headers;
    std::size_t start = head.find("\r\n");
    while (start != std::string::npos && start + 2 < head.size()) {
      const auto end = head.find("\r\n", start + 2);
      const auto line = head.substr(start + 2, end == std::string::npos ? end : end - start - 2);
      const auto colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        headers[name] = value;
      }
      start = end;
    }
    return headers;
  }

  Script script_;
  std::chrono::milliseconds hang_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<ReceivedDelivery> received_;
  std::thread thread_;
};

}  // namespace linkstream::testing
