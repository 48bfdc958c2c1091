#pragma once
// Sends what the intake owes: each webhook's deliveries one at a time, in the order they
// were owed (the next only once the one before was delivered or given up), and the
// webhooks' lines side by side on `senders` threads, so that a slow or hanging endpoint
// holds up its own line and one thread, never the others'.
//
// A failed attempt is tried again after retry_policy.h's backoff; a delivery still failing
// give_up_after after it was owed is dead (kept, and sent again on request). A delivery
// whose outcome could not be recorded (PostgreSQL away) stays pending and is sent again:
// delivery is at least once, and a receiver recognises a repeat by its delivery id.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "config.h"
#include "deliverer_metrics.h"
#include "delivery_store.h"
#include "domain/url_policy.h"

namespace linkstream::deliverer {

class Dispatcher {
 public:
  Dispatcher(const Config& config, const api::UrlPolicy& policy, DelivererMetrics& metrics);
  ~Dispatcher();

  void start();
  // Lets attempts under way finish (each is bounded by the attempt timeout), then joins.
  void stop();
  // Something new is owed: look now rather than at the next tick.
  void wake();

 private:
  void schedule();
  void send_loop();
  void attempt(class Sender& sender, DeliveryStore& store, const HeadDelivery& head);

  const Config& config_;
  const api::UrlPolicy& policy_;
  DelivererMetrics& metrics_;
  std::mutex mutex_;
  std::condition_variable changed_;  // a job, a finished attempt, a wake, or stopping
  std::deque<HeadDelivery> jobs_;
  std::set<std::string> busy_webhooks_;  // queued or being sent
  int idle_senders_ = 0;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread scheduler_;
  std::vector<std::thread> senders_;
};

}  // namespace linkstream::deliverer
