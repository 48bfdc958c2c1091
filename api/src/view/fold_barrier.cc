#include "view/fold_barrier.h"

#include <spdlog/spdlog.h>

#include <map>

#include "linkstream/eventlog/log_reader.h"

namespace linkstream::api {

namespace {

constexpr schema::Topic kEntityTopics[] = {schema::Topic::kUsers, schema::Topic::kUrls};
constexpr auto kBrokerTimeout = std::chrono::milliseconds(500);

}  // namespace

FoldBarrier::FoldBarrier(View& view, std::string brokers, std::string client_id)
    : view_(view), brokers_(std::move(brokers)), client_id_(std::move(client_id)) {
  thread_ = std::thread([this] { run(); });
}

FoldBarrier::~FoldBarrier() {
  stop();
}

void FoldBarrier::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void FoldBarrier::wait_for_log_end(std::chrono::milliseconds budget, PositionCallback done) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      questions_.push_back({std::chrono::steady_clock::now() + budget, std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  done(false);
}

void FoldBarrier::run() {
  eventlog::LogReader reader(
      {.brokers = brokers_, .client_id = client_id_ + "-barrier", .extra = {}});
  std::map<schema::Topic, std::int32_t> partitions;
  auto last_error_log = std::chrono::steady_clock::time_point{};
  for (;;) {
    std::vector<Question> asked;
    bool stop = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !questions_.empty(); });
      asked.swap(questions_);
      stop = stopping_;
    }
    if (stop) {
      for (auto& question : asked) question.done(false);
      return;
    }
    // Every question in `asked` came before this point: where the log ends from here on
    // answers all of them.
    LogPosition end;
    try {
      for (auto topic : kEntityTopics) {
        if (!partitions.contains(topic))
          partitions[topic] = reader.partition_count(topic, kBrokerTimeout);
        for (std::int32_t p = 0; p < partitions[topic]; ++p) {
          end[{topic, p}] = reader.end_offset(topic, p, kBrokerTimeout);
        }
      }
    } catch (const eventlog::KafkaSetupError& e) {
      if (std::chrono::steady_clock::now() - last_error_log > std::chrono::seconds(10)) {
        spdlog::warn("fold barrier: cannot learn where the log ends ({}); answering from the view",
                     e.what());
        last_error_log = std::chrono::steady_clock::now();
      }
      for (auto& question : asked) question.done(false);
      continue;
    }
    for (auto& question : asked)
      view_.await_position(end, question.deadline, std::move(question.done));
  }
}

}  // namespace linkstream::api
