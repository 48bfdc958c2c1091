#include "http/answer_path.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <exception>

namespace linkstream::api {

AnswerPath::AnswerPath(std::shared_ptr<ConnectionActivity> activity)
    : activity_(std::move(activity)) {}

AnswerPath::Serving::Serving(AnswerPath& path) : path_(path) {
  // Once: a connection stays with its worker, and other threads read worker_.
  if (path_.worker_ == std::thread::id{}) path_.worker_ = std::this_thread::get_id();
  path_.serving_ = true;
}

AnswerPath::Serving::~Serving() {
  path_.serving_ = false;
}

bool AnswerPath::on_serving_worker() const {
  return std::this_thread::get_id() == worker_ && serving_;
}

void AnswerPath::write(const std::shared_ptr<Pistache::Tcp::Peer>& peer, std::string wire,
                       bool close_after) {
  if (on_serving_worker() && queued_->load(std::memory_order_acquire) == 0) {
    const int fd = peer->fd();
    const ssize_t sent = ::send(fd, wire.data(), wire.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent == static_cast<ssize_t>(wire.size())) {
      if (close_after) ::shutdown(fd, SHUT_RDWR);
      activity_->enter(ConnectionActivity::Phase::kIdle);
      return;
    }
    // Reset, broken pipe: the client has gone, and the worker's next read closes the socket.
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return;
    if (sent > 0) wire.erase(0, static_cast<std::size_t>(sent));
  }
  enqueue(peer, std::move(wire), close_after);
}

void AnswerPath::enqueue(const std::shared_ptr<Pistache::Tcp::Peer>& peer, std::string wire,
                         bool close_after) {
  try {
    // Through a descriptor of our own when closing: an answer from the view's thread may be
    // written, read and its connection closed by the client before the continuation runs,
    // and the number peer->fd() had may then be another client's connection. The
    // descriptor is closed when the continuation goes, whether it ran or Pistache dropped
    // the write.
    std::shared_ptr<int> own;
    if (close_after) {
      if (const int fd = ::dup(peer->fd()); fd >= 0) {
        own.reset(new int(fd), [](int* d) {
          ::close(*d);
          delete d;
        });
      }
    }
    const auto size = wire.size();
    // Counted before it is queued, so the count never reads 0 while it waits. A write
    // Pistache drops with its connection leaves the count up, for a connection that has no
    // answer left to give.
    queued_->fetch_add(1, std::memory_order_acq_rel);
    auto written = [&] {
      try {
        return peer->send(Pistache::RawBuffer(std::move(wire), size));
      } catch (...) {
        queued_->fetch_sub(1, std::memory_order_acq_rel);
        throw;
      }
    }();
    written.then(
        [own, queued = queued_, activity = activity_](ssize_t) {
          queued->fetch_sub(1, std::memory_order_acq_rel);
          activity->enter(ConnectionActivity::Phase::kIdle);
          if (own) ::shutdown(*own, SHUT_RDWR);
        },
        [queued = queued_](std::exception_ptr) {
          queued->fetch_sub(1, std::memory_order_acq_rel);
        });
  } catch (const std::exception&) {
    // The client has gone (Pistache: "Broken pipe"): nobody is left to answer.
  }
}

}  // namespace linkstream::api
