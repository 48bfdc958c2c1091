#include "open_loop.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <stdexcept>
#include <thread>

#include "response_reader.h"

namespace linkstream::load {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kTick = std::chrono::milliseconds(1);

struct Job {
  Clock::time_point due;
  std::size_t target = 0;
};

struct Connection {
  int fd = -1;
  bool connected = false;
  bool busy = false;
  Job job;
  std::string out;
  std::size_t sent = 0;
  ResponseReader reader;
};

class Runner {
 public:
  Runner(const OpenLoopOptions& options, const Targets& targets)
      : options_(options), targets_(targets), connections_(options.connections) {
    report_.latencies_us.resize(targets.labels.size());
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0) throw std::runtime_error(std::string("epoll_create1: ") + strerror(errno));
    address_.sin_family = AF_INET;
    address_.sin_port = htons(static_cast<std::uint16_t>(options.port));
    if (inet_pton(AF_INET, options.host.c_str(), &address_.sin_addr) != 1)
      throw std::runtime_error("not an IPv4 address: " + options.host);
  }
  ~Runner() {
    for (auto& c : connections_)
      if (c.fd >= 0) close(c.fd);
    close(epoll_);
  }

  OpenLoopReport run() {
    for (std::size_t i = 0; i < connections_.size(); ++i) open_connection(i);
    wait_for_connections();
    const auto start = Clock::now();
    start_ = start;
    const auto total = static_cast<std::uint64_t>(
        options_.rate * std::chrono::duration<double>(options_.duration).count());
    const auto due_of = [&](std::uint64_t i) {
      return start + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(static_cast<double>(i) / options_.rate));
    };
    std::uint64_t scheduled = 0;
    Clock::time_point last_answer = start;
    Clock::time_point last_wake = start;
    epoll_event events[256];
    // The kernel's default timer slack (50 µs) would stretch each sleep past min_wake.
    if (prctl(PR_SET_TIMERSLACK, 1000UL) != 0)
      throw std::runtime_error(std::string("prctl(PR_SET_TIMERSLACK): ") + strerror(errno));
    for (;;) {
      // Sends and answers gathered into one wake-up each min_wake at most (open_loop.h).
      if (Clock::now() - last_wake < options_.min_wake)
        std::this_thread::sleep_until(last_wake + options_.min_wake);
      const auto now = Clock::now();
      while (scheduled < total && due_of(scheduled) <= now) {
        waiting_.push_back({due_of(scheduled), scheduled % targets_.requests.size()});
        ++scheduled;
      }
      dispatch();
      expire(now);
      if (scheduled == total && waiting_.empty() && busy_ == 0) break;
      // Woken at the next due time to the microsecond (epoll_wait's milliseconds would
      // send requests up to a millisecond late and count that as the server's latency),
      // and at least each millisecond to expire what waits too long.
      const auto next = scheduled < total ? std::min(due_of(scheduled), now + kTick) : now + kTick;
      const auto wait_ns = std::max<std::int64_t>(
          0, std::chrono::duration_cast<std::chrono::nanoseconds>(next - now).count());
      const timespec wait{.tv_sec = 0, .tv_nsec = wait_ns};
      const int ready = epoll_pwait2(epoll_, events, 256, &wait, nullptr);
      if (ready < 0 && errno != EINTR)
        throw std::runtime_error(std::string("epoll_pwait2: ") + strerror(errno));
      last_wake = Clock::now();
      for (int e = 0; e < ready; ++e) {
        const auto index = static_cast<std::size_t>(events[e].data.u64);
        if (on_event(index, events[e].events)) last_answer = Clock::now();
      }
    }
    report_.due = total;
    report_.seconds = std::chrono::duration<double>(last_answer - start).count();
    return std::move(report_);
  }

 private:
  void open_connection(std::size_t index) {
    auto& c = connections_[index];
    c = Connection{};
    c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) throw std::runtime_error(std::string("socket: ") + strerror(errno));
    const int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(c.fd, reinterpret_cast<const sockaddr*>(&address_), sizeof address_) != 0 &&
        errno != EINPROGRESS) {
      throw std::runtime_error(std::string("connect: ") + strerror(errno));
    }
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT;
    event.data.u64 = index;
    if (epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &event) != 0)
      throw std::runtime_error(std::string("epoll_ctl: ") + strerror(errno));
  }

  // Every connection is made before the clock starts: their handshakes are not a request's.
  void wait_for_connections() {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    epoll_event events[256];
    std::size_t connected = 0;
    while (connected < connections_.size()) {
      if (Clock::now() > deadline)
        throw std::runtime_error("connections to " + options_.host + ":" +
                                 std::to_string(options_.port) + " not made within 10 s");
      const int ready = epoll_wait(epoll_, events, 256, 100);
      for (int e = 0; e < ready; ++e) {
        auto& c = connections_[events[e].data.u64];
        if (c.connected) continue;
        if (events[e].events & (EPOLLERR | EPOLLHUP))
          throw std::runtime_error("cannot connect to " + options_.host + ":" +
                                   std::to_string(options_.port));
        mark_connected(events[e].data.u64);
        ++connected;
      }
    }
  }

  void mark_connected(std::size_t index) {
    auto& c = connections_[index];
    c.connected = true;
    watch(index, false);
    if (!c.busy) idle_.push_back(index);
  }

  void watch(std::size_t index, bool writable) {
    epoll_event event{};
    event.events = EPOLLIN | (writable ? EPOLLOUT : 0u);
    event.data.u64 = index;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, connections_[index].fd, &event);
  }

  void dispatch() {
    while (!waiting_.empty() && !idle_.empty()) {
      const auto index = idle_.back();
      idle_.pop_back();
      auto& c = connections_[index];
      c.busy = true;
      ++busy_;
      c.job = waiting_.front();
      waiting_.pop_front();
      c.out = targets_.requests[c.job.target].request;
      c.sent = 0;
      send_some(index);
    }
  }

  void send_some(std::size_t index) {
    auto& c = connections_[index];
    while (c.sent < c.out.size()) {
      const auto n = send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
      if (n > 0) {
        c.sent += static_cast<std::size_t>(n);
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return watch(index, true);
      } else {
        return fail(index, &report_.failed);
      }
    }
  }

  // Returns whether an answer was completed.
  bool on_event(std::size_t index, std::uint32_t events) {
    auto& c = connections_[index];
    if (!c.connected) {
      if (events & (EPOLLERR | EPOLLHUP)) {
        fail(index, &report_.failed);
        return false;
      }
      mark_connected(index);
      if (c.busy) send_some(index);
      return false;
    }
    if ((events & EPOLLOUT) && c.busy && c.sent < c.out.size()) {
      send_some(index);
      if (c.sent == c.out.size()) watch(index, false);
    }
    if (!(events & (EPOLLIN | EPOLLERR | EPOLLHUP))) return false;
    char buffer[16384];
    bool answered = false;
    for (;;) {
      const auto n = recv(c.fd, buffer, sizeof buffer, 0);
      if (n > 0) {
        auto state = c.reader.feed({buffer, static_cast<std::size_t>(n)});
        while (state == ResponseReader::State::kComplete && c.busy) {
          complete(index);
          answered = true;
          if (c.reader.closes()) {
            reconnect(index);
            return answered;
          }
          state = c.reader.next();
        }
        if (state == ResponseReader::State::kMalformed) {
          fail(index, &report_.failed);
          return answered;
        }
        // A short read took everything there was (epoll reports the rest, if more comes):
        // one recv(2) an answer, not a second one to hear EAGAIN.
        if (static_cast<std::size_t>(n) < sizeof buffer) return answered;
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return answered;
      // The server closed the connection, or it broke: an error only when a request waited.
      if (c.busy) {
        fail(index, &report_.failed);
      } else {
        reconnect(index);
      }
      return answered;
    }
  }

  void complete(std::size_t index) {
    auto& c = connections_[index];
    const auto latency = Clock::now() - c.job.due;
    const auto latency_us = std::chrono::duration_cast<std::chrono::microseconds>(latency).count();
    report_.latencies_us[targets_.requests[c.job.target].label].push_back(latency_us);
    const auto second = static_cast<std::size_t>(
        std::chrono::duration_cast<std::chrono::seconds>(c.job.due - start_).count());
    if (report_.worst_us_by_second.size() <= second) report_.worst_us_by_second.resize(second + 1);
    report_.worst_us_by_second[second] = std::max(report_.worst_us_by_second[second], latency_us);
    ++report_.statuses[c.reader.status()];
    ++report_.answered;
    c.busy = false;
    --busy_;
    idle_.push_back(index);
  }

  void fail(std::size_t index, std::uint64_t* counter) {
    auto& c = connections_[index];
    if (c.busy) {
      ++*counter;
      c.busy = false;
      --busy_;
    }
    reconnect(index);
  }

  // For a connection without a request in flight (fail() settles that one first).
  void reconnect(std::size_t index) {
    auto& c = connections_[index];
    std::erase(idle_, index);
    epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
    close(c.fd);
    open_connection(index);
  }

  void expire(Clock::time_point now) {
    while (!waiting_.empty() && now - waiting_.front().due > options_.timeout) {
      ++report_.timed_out;
      waiting_.pop_front();
    }
    for (std::size_t i = 0; i < connections_.size(); ++i) {
      auto& c = connections_[i];
      if (c.busy && now - c.job.due > options_.timeout) fail(i, &report_.timed_out);
    }
  }

  const OpenLoopOptions& options_;
  const Targets& targets_;
  std::vector<Connection> connections_;
  std::vector<std::size_t> idle_;
  std::deque<Job> waiting_;
  std::size_t busy_ = 0;
  int epoll_ = -1;
  sockaddr_in address_{};
  OpenLoopReport report_;
  Clock::time_point start_;  // the first due time
};

}  // namespace

OpenLoopReport run_open_loop(const OpenLoopOptions& options, const Targets& targets) {
  return Runner(options, targets).run();
}

}  // namespace linkstream::load
