#include "dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "domain/webhook_signature.h"
#include "retry_policy.h"
#include "sender.h"

namespace linkstream::deliverer {

namespace {

// How often pending deliveries are looked at when nothing wakes the scheduler.
constexpr auto kTick = std::chrono::milliseconds(500);
constexpr auto kReconnectPause = std::chrono::seconds(1);

}  // namespace

Dispatcher::Dispatcher(const Config& config, const api::UrlPolicy& policy,
                       DelivererMetrics& metrics)
    : config_(config), policy_(policy), metrics_(metrics) {}

Dispatcher::~Dispatcher() {
  stop();
}

void Dispatcher::start() {
  for (int i = 0; i < config_.senders; ++i) senders_.emplace_back([this] { send_loop(); });
  scheduler_ = std::thread([this] { schedule(); });
}

void Dispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  changed_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
  for (auto& sender : senders_) sender.join();
}

void Dispatcher::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  changed_.notify_all();
}

void Dispatcher::schedule() {
  std::unique_ptr<DeliveryStore> store;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto wait = std::chrono::milliseconds(kTick);
    // A wake that comes while the heads are read (the intake committing just after the
    // query began) must start another look, not be forgotten until the next tick.
    woken_ = false;
    lock.unlock();
    std::vector<HeadDelivery> heads;
    try {
      if (!store) store = std::make_unique<DeliveryStore>(config_.pg_uri);
      heads = store->heads();
    } catch (const std::exception& e) {
      spdlog::error("dispatcher: cannot read the pending deliveries: {}", e.what());
      store.reset();
      wait = kReconnectPause;
    }
    lock.lock();
    for (auto& head : heads) {
      if (busy_webhooks_.contains(head.webhook_id)) continue;
      if (head.due_in.count() > 0) {
        wait = std::min(wait, head.due_in);
        continue;
      }
      if (idle_senders_ <= static_cast<int>(jobs_.size())) break;  // every sender has work
      busy_webhooks_.insert(head.webhook_id);
      jobs_.push_back(std::move(head));
    }
    changed_.notify_all();
    changed_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
  }
}

void Dispatcher::send_loop() {
  std::unique_ptr<DeliveryStore> store;
  Sender sender(policy_, config_.attempt_timeout);
  std::unique_lock lock(mutex_);
  ++idle_senders_;
  while (true) {
    changed_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (stopping_) return;
    auto head = std::move(jobs_.front());
    jobs_.pop_front();
    --idle_senders_;
    lock.unlock();
    try {
      if (!store) store = std::make_unique<DeliveryStore>(config_.pg_uri);
      attempt(sender, *store, head);
    } catch (const std::exception& e) {
      // The delivery stays pending: it is sent again once PostgreSQL answers.
      spdlog::error("delivery {} to webhook {}: its outcome was not recorded: {}", head.delivery_id,
                    head.webhook_id, e.what());
      store.reset();
      std::this_thread::sleep_for(kReconnectPause);
    }
    lock.lock();
    ++idle_senders_;
    busy_webhooks_.erase(head.webhook_id);
    woken_ = true;
    changed_.notify_all();
  }
}

void Dispatcher::attempt(Sender& sender, DeliveryStore& store, const HeadDelivery& head) {
  const auto started = std::chrono::steady_clock::now();
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const auto signature = api::webhook_signature(
      api::webhook_secret(config_.webhook_key, head.webhook_id), now, head.body);
  const auto result =
      sender.post(head.target_url, head.body, head.delivery_id, head.event_type, signature);
  const int attempts = head.attempts + 1;
  if (result.ok) {
    store.delivered(head.delivery_id, attempts, result.status);
    metrics_.delivered();
    return;
  }
  const auto owed_for = head.owed_for + std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::steady_clock::now() - started);
  if (owed_for >= config_.give_up_after) {
    spdlog::error("delivery {} to webhook {} is dead after {} attempts over {} s: {}",
                  head.delivery_id, head.webhook_id, attempts, owed_for.count() / 1000,
                  result.error);
    store.dead(head.delivery_id, attempts, result.status, result.error);
    metrics_.dead();
    return;
  }
  thread_local std::mt19937_64 random{std::random_device{}()};
  const auto retry_in = retry_delay(attempts, config_.retry_base, config_.retry_max,
                                    std::uniform_real_distribution<double>(0, 1)(random));
  spdlog::warn("delivery {} to webhook {} failed (attempt {}): {}; again in {} ms",
               head.delivery_id, head.webhook_id, attempts, result.error, retry_in.count());
  store.failed(head.delivery_id, attempts, retry_in, result.status, result.error);
  metrics_.failed();
}

}  // namespace linkstream::deliverer
