#pragma once
// How one connection's answers reach its socket.
//
// Pistache 0.0.5 queues every write (Transport::asyncWrite): the answer goes through an
// eventfd to the worker's epoll loop, which re-registers the socket for writing, writes on
// the next wake-up and re-registers it for reading: five system calls and two epoll
// wake-ups around each send(2), most of a redirect's kernel time. An answer given on the
// worker that serves the connection, while it serves it, is written straight to the socket
// instead, when nothing of an earlier answer still waits in Pistache's queue (the bytes of
// two answers never interleave). Whatever the socket does not take at once, and every
// answer given on another thread (the view's, after a fold barrier), goes through the
// queue as before: only the worker may touch the socket, since only it knows the
// descriptor still belongs to this connection.
//
// One per connection (kept with it, as Pistache keeps its parser), shared by its Replies.

#include <pistache/peer.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "http/connection_table.h"

namespace linkstream::api {

class AnswerPath {
 public:
  // `activity`: told when an answer is written (the connection is idle again).
  explicit AnswerPath(std::shared_ptr<ConnectionActivity> activity);

  // Marks the stretch in which the calling worker serves a read of the connection (set
  // and cleared on that worker only).
  class Serving {
   public:
    explicit Serving(AnswerPath& path);
    ~Serving();
    Serving(const Serving&) = delete;
    Serving& operator=(const Serving&) = delete;

   private:
    AnswerPath& path_;
  };

  // Writes one whole answer. `close_after`: both directions of the connection end once it
  // is written ("Connection: Close"; the kernel still sends what it holds). A client that
  // has gone is not an error: nobody is left to answer.
  void write(const std::shared_ptr<Pistache::Tcp::Peer>& peer, std::string wire, bool close_after);

 private:
  bool on_serving_worker() const;
  void enqueue(const std::shared_ptr<Pistache::Tcp::Peer>& peer, std::string wire,
               bool close_after);

  std::shared_ptr<ConnectionActivity> activity_;
  std::thread::id worker_;  // set when first served, before any answer exists
  bool serving_ = false;    // read and written by worker_ only
  // Answers handed to Pistache's queue and not yet written (or dropped with the
  // connection); shared with their continuations, which may outlive the path.
  std::shared_ptr<std::atomic<int>> queued_ = std::make_shared<std::atomic<int>>(0);
};

}  // namespace linkstream::api
