#include "intake.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <iterator>
#include <thread>

#include "domain/name_based_id.h"
#include "linkstream/schema/codec.h"

namespace linkstream::deliverer {

namespace {

using schema::Topic;

constexpr Topic kEventTopics[] = {Topic::kUsers, Topic::kUrls, Topic::kClicks, Topic::kEvents};
constexpr auto kKafkaWait = std::chrono::seconds(10);
constexpr auto kRetryPause = std::chrono::milliseconds(2000);
constexpr auto kLinger = std::chrono::milliseconds(20);

std::int64_t offset_in(const Offsets& offsets, const PartitionKey& key) {
  const auto it = offsets.find(key);
  return it == offsets.end() ? 0 : it->second;
}

// What a receiver is sent: the event as the log holds it, and where.
std::string delivery_body(const std::string& delivery_id, const std::string& webhook_id,
                          const eventlog::LogMessage& message) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("delivery_id");
  w.String(delivery_id.c_str());
  w.Key("webhook_id");
  w.String(webhook_id.c_str());
  w.Key("position");
  w.StartObject();
  w.Key("topic");
  w.String(schema::topic_name(message.topic).data());
  w.Key("partition");
  w.Int(message.partition);
  w.Key("offset");
  w.Int64(message.offset);
  w.EndObject();
  w.Key("event");
  w.RawValue(message.payload.data(), message.payload.size(), rapidjson::kObjectType);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace

Intake::Intake(const Config& config, DelivererMetrics& metrics, std::function<void()> owed)
    : config_(config), metrics_(metrics), owed_(std::move(owed)) {}

void Intake::run() {
  while (!stopping_) {
    try {
      session();
    } catch (const std::exception& e) {
      metrics_.intake_failed();
      spdlog::error("intake stopped: {}; starting again from the stored offsets in {} ms", e.what(),
                    kRetryPause.count());
      for (int i = 0; i < 20 && !stopping_; ++i) std::this_thread::sleep_for(kRetryPause / 20);
    }
  }
}

void Intake::session() {
  DeliveryStore store(config_.pg_uri);
  stored_ = store.offsets();
  subscriptions_ = Subscriptions();
  events_ = std::make_unique<eventlog::LogReader>(
      eventlog::LogReader::Options{.brokers = config_.kafka_brokers,
                                   .client_id = "linkstream-deliverer",
                                   .extra = eventlog::batched_fetch(config_.fetch_wait)});
  registrations_ = std::make_unique<eventlog::LogReader>(
      eventlog::LogReader::Options{.brokers = config_.kafka_brokers,
                                   .client_id = "linkstream-deliverer-webhooks",
                                   .extra = eventlog::batched_fetch(config_.fetch_wait)});
  watermarks_ = std::make_unique<eventlog::LogReader>(
      eventlog::LogReader::Options{.brokers = config_.kafka_brokers,
                                   .client_id = "linkstream-deliverer-watermarks",
                                   .extra = {}});
  std::vector<eventlog::StartPosition> starts;
  for (const auto topic : kEventTopics) {
    const auto count = events_->partition_count(topic, kKafkaWait);
    for (std::int32_t p = 0; p < count; ++p)
      starts.push_back({topic, p, offset_in(stored_, {topic, p})});
  }
  events_->assign(starts);
  registrations_read_.clear();
  std::vector<eventlog::StartPosition> from_zero;
  const auto webhook_partitions = registrations_->partition_count(Topic::kWebhooks, kKafkaWait);
  for (std::int32_t p = 0; p < webhook_partitions; ++p) {
    from_zero.push_back({Topic::kWebhooks, p, 0});
    registrations_read_[{Topic::kWebhooks, p}] = 0;
  }
  registrations_->assign(from_zero);
  spdlog::info("intake: matching from the stored offsets ({} partitions)", starts.size());

  // Offsets read past but not saved yet: events that owed nothing. Saving them after every
  // poll would cost a commit per handful of events (a backlog of 10,000 took 20 s); they are
  // saved with the next delivery owed, or at least every second (a restart reads again at
  // most that second's events, which owe nothing again).
  Offsets unsaved;
  auto last_save = std::chrono::steady_clock::now();
  while (!stopping_) {
    auto batch = events_->poll(config_.max_batch, std::chrono::milliseconds(200));
    // A poll returns what librdkafka had queued, often a handful of events mid-backlog; each
    // round costs a transaction and a look at the registrations' end, so a round waits up
    // to kLinger for a fuller batch (a backlog of 3,400 events took 3 s without).
    const auto lingered = std::chrono::steady_clock::now() + kLinger;
    while (!batch.empty() && batch.size() < config_.max_batch &&
           std::chrono::steady_clock::now() < lingered) {
      auto more = events_->poll(config_.max_batch - batch.size(), std::chrono::milliseconds(5));
      std::move(more.begin(), more.end(), std::back_inserter(batch));
    }
    pqxx::work tx(store.connection());
    std::size_t written = 0;
    catch_up_registrations(tx, unsaved, written);
    std::size_t owed = 0;
    for (const auto& message : batch) match(message, tx, unsaved, owed);
    written += owed;
    const bool checkpoint = std::chrono::steady_clock::now() - last_save >= std::chrono::seconds(1);
    if (unsaved.empty() || (written == 0 && !checkpoint)) continue;  // nothing written: rolls back
    DeliveryStore::save_offsets(tx, unsaved);
    tx.commit();
    last_save = std::chrono::steady_clock::now();
    for (const auto& [key, next] : unsaved) stored_[key] = next;
    unsaved.clear();
    if (owed > 0) {
      metrics_.owed(owed);
      owed_();
    }
  }
}

void Intake::catch_up_registrations(pqxx::work& tx, Offsets& advanced, std::size_t& written) {
  for (auto& [key, next] : registrations_read_) {
    const auto end = watermarks_->end_offset(key.first, key.second, kKafkaWait);
    while (next < end) {
      const auto messages = registrations_->poll(1000, std::chrono::milliseconds(500));
      if (messages.empty()) break;
      for (const auto& message : messages) {
        auto& read = registrations_read_[{message.topic, message.partition}];
        if (message.offset < read) continue;
        read = message.offset + 1;
        const bool first_time =
            message.offset >= offset_in(stored_, {message.topic, message.partition});
        if (first_time) advanced[{message.topic, message.partition}] = message.offset + 1;
        auto decoded = schema::decode(message.payload);
        if (!decoded) continue;  // the projector dead-letters what is not an event
        subscriptions_.apply(*decoded.event);
        if (!first_time) continue;
        if (const auto* deleted = std::get_if<schema::WebhookDeleted>(&decoded.event->body)) {
          DeliveryStore::drop_pending(tx, deleted->webhook_id);
          ++written;
        } else if (const auto* resend =
                       std::get_if<schema::WebhookResendRequested>(&decoded.event->body)) {
          DeliveryStore::resend(tx, resend->webhook_id, resend->delivery_id);
          ++written;
        }
      }
    }
  }
}

void Intake::match(const eventlog::LogMessage& message, pqxx::work& tx, Offsets& advanced,
                   std::size_t& owed) {
  const PartitionKey key{message.topic, message.partition};
  if (message.offset < offset_in(stored_, key)) return;
  advanced[key] = message.offset + 1;
  auto decoded = schema::decode(message.payload);
  if (!decoded) return;  // the projector dead-letters what is not an event
  const auto& event = *decoded.event;
  for (const auto* subscription : subscriptions_.owed(event)) {
    // A click shipped twice has one event id at two offsets: one delivery.
    const auto delivery_id =
        api::name_based_uuid("webhook-delivery:" + subscription->id + ":" + event.id);
    DeliveryStore::owe(tx, {delivery_id, subscription->id, event.id, subscription->target_url,
                            std::string(schema::type_name(event.body)),
                            delivery_body(delivery_id, subscription->id, message)});
    ++owed;
  }
}

}  // namespace linkstream::deliverer
