#include "linkstream/eventlog/log_writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "linkstream/schema/codec.h"

namespace linkstream::eventlog {

namespace {

// What travels with each message as its opaque pointer: the callback and the topic.
struct PendingDelivery {
  DeliveryCallback callback;
  schema::Topic topic;
};

}  // namespace

class LogWriter::DeliveryReporter : public RdKafka::DeliveryReportCb {
 public:
  void dr_cb(RdKafka::Message& message) override {
    std::unique_ptr<PendingDelivery> pending(static_cast<PendingDelivery*>(message.msg_opaque()));
    if (!pending) return;
    Delivery delivery;
    delivery.topic = pending->topic;
    delivery.ok = message.err() == RdKafka::ERR_NO_ERROR;
    if (delivery.ok) {
      delivery.partition = message.partition();
      delivery.offset = message.offset();
    } else {
      delivery.error = RdKafka::err2str(message.err());
      delivery.possibly_persisted =
          message.status() == RdKafka::Message::MSG_STATUS_POSSIBLY_PERSISTED;
    }
    pending->callback(delivery);
  }
};

LogWriter::LogWriter(Options options) : reporter_(std::make_unique<DeliveryReporter>()) {
  auto conf = make_kafka_conf({
      {"bootstrap.servers", options.brokers},
      {"client.id", options.client_id},
      // Every event is written once and in order, confirmed by all in-sync replicas.
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"linger.ms", "1"},
      {"delivery.timeout.ms", std::to_string(options.delivery_timeout.count())},
      // A request the broker does not answer is given up no later than the event itself
      // (librdkafka's default is 30 s), so that a write with a deadline hears of it in
      // time: as "possibly persisted" when the request had been sent.
      {"request.timeout.ms",
       std::to_string(std::min<std::int64_t>(options.delivery_timeout.count(), 30'000))},
  });
  for (const auto& [key, value] : options.extra) set_kafka_setting(*conf, key, value);
  std::string error;
  if (conf->set("dr_cb", reporter_.get(), error) != RdKafka::Conf::CONF_OK) {
    throw KafkaSetupError("cannot install the delivery report callback: " + error);
  }
  producer_.reset(RdKafka::Producer::create(conf.get(), error));
  if (!producer_) throw KafkaSetupError("cannot create the Kafka producer: " + error);
  delivery_thread_ = std::thread([this] {
    while (!stopping_.load(std::memory_order_relaxed)) producer_->poll(50);
  });
  if (!options.topics.empty()) {
    topic_lookup_thread_ = std::thread([this, topics = options.topics] { look_up_topics(topics); });
  }
}

void LogWriter::look_up_topics(const std::vector<schema::Topic>& topics) {
  std::vector<schema::Topic> unknown = topics;
  bool reported = false;
  while (!unknown.empty() && !stopping_.load(std::memory_order_relaxed)) {
    std::string last_error;
    std::erase_if(unknown, [&](schema::Topic topic) {
      const std::string name(schema::topic_name(topic));
      std::string error;
      std::unique_ptr<RdKafka::Topic> handle(
          RdKafka::Topic::create(producer_.get(), name, nullptr, error));
      if (!handle) {
        last_error = "cannot open topic " + name + ": " + error;
        return false;
      }
      RdKafka::Metadata* raw = nullptr;
      const auto result = producer_->metadata(false, handle.get(), &raw, 1000);
      std::unique_ptr<RdKafka::Metadata> metadata(raw);
      if (result != RdKafka::ERR_NO_ERROR) {
        last_error = "no metadata for topic " + name + ": " + RdKafka::err2str(result);
        return false;
      }
      return true;
    });
    // Not an error of any write: those report their own outcome. Said once, so that a
    // broker that is down at start does not fill the log.
    if (!unknown.empty() && !reported && !last_error.empty()) {
      spdlog::warn("log writer: {} (asked again each second; the first write to it may wait)",
                   last_error);
      reported = true;
    }
    for (int i = 0; i < 10 && !unknown.empty() && !stopping_.load(std::memory_order_relaxed); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

LogWriter::~LogWriter() {
  const int left = flush(std::chrono::seconds(10));
  if (left > 0) spdlog::warn("log writer stopped with {} events unconfirmed", left);
  stopping_ = true;
  if (topic_lookup_thread_.joinable()) topic_lookup_thread_.join();
  delivery_thread_.join();
  producer_->poll(0);
}

LogWriter::Counts LogWriter::counts() const {
  std::lock_guard lock(progress_mutex_);
  return counts_;
}

std::optional<std::string> LogWriter::append(const schema::Event& event,
                                             DeliveryCallback on_delivery) {
  auto encoded = schema::encode(event);
  if (!encoded.ok()) {
    std::lock_guard lock(progress_mutex_);
    ++counts_.refused;
    return "event does not match its schema: " + encoded.error;
  }
  return append_encoded(schema::topic_of(event.body), schema::partition_key(event.body),
                        encoded.json, std::move(on_delivery));
}

std::optional<std::string> LogWriter::append_encoded(schema::Topic topic, const std::string& key,
                                                     std::string_view payload,
                                                     DeliveryCallback on_delivery) {
  std::uint64_t sequence;
  {
    std::lock_guard lock(progress_mutex_);
    sequence = ++last_append_;
    unsettled_.insert(sequence);
  }
  // Record the outcome for read-your-writes before the caller hears of it.
  auto settle = [this, sequence, callback = std::move(on_delivery)](const Delivery& d) {
    {
      std::lock_guard lock(progress_mutex_);
      unsettled_.erase(sequence);
      ++(d.ok ? counts_.delivered : d.possibly_persisted ? counts_.unknown : counts_.failed);
      if (d.ok) {
        auto& end = confirmed_ends_[{d.topic, d.partition}];
        end = std::max(end, d.offset + 1);
      }
    }
    callback(d);
  };
  auto* pending = new PendingDelivery{std::move(settle), topic};
  const std::string name(schema::topic_name(topic));
  const auto result =
      producer_->produce(name, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                         const_cast<char*>(payload.data()), payload.size(), key.data(), key.size(),
                         0, nullptr, pending);
  if (result != RdKafka::ERR_NO_ERROR) {
    delete pending;
    std::lock_guard lock(progress_mutex_);
    unsettled_.erase(sequence);
    ++counts_.refused;
    return "Kafka refused the event for " + name + ": " + RdKafka::err2str(result);
  }
  return std::nullopt;
}

std::uint64_t LogWriter::last_mark() const {
  std::lock_guard lock(progress_mutex_);
  return last_append_;
}

bool LogWriter::settled_up_to(std::uint64_t mark) const {
  std::lock_guard lock(progress_mutex_);
  return unsettled_.empty() || *unsettled_.begin() > mark;
}

PartitionEnds LogWriter::confirmed_ends() const {
  std::lock_guard lock(progress_mutex_);
  return confirmed_ends_;
}

int LogWriter::flush(std::chrono::milliseconds timeout) {
  producer_->flush(static_cast<int>(timeout.count()));
  return producer_->outq_len();
}

}  // namespace linkstream::eventlog
