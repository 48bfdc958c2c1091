#include "view/view_follower.h"

#include <spdlog/spdlog.h>

#include <map>
#include <vector>

#include "linkstream/eventlog/log_reader.h"
#include "linkstream/schema/codec.h"

namespace linkstream::api {

namespace {

using linkstream::eventlog::LogReader;
using linkstream::eventlog::StartPosition;
using linkstream::schema::Topic;
using Clock = std::chrono::steady_clock;

constexpr Topic kEntityTopics[] = {Topic::kUsers, Topic::kUrls};

}  // namespace

ViewFollower::ViewFollower(View& view, std::string brokers, std::string client_id)
    : view_(view), brokers_(std::move(brokers)), client_id_(std::move(client_id)) {}

ViewFollower::~ViewFollower() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void ViewFollower::start() {
  thread_ = std::thread([this] { run(); });
}

void ViewFollower::run() {
  LogReader reader({.brokers = brokers_, .client_id = client_id_ + "-view", .extra = {}});

  // Learn the partitions and where the log ends now; the view is caught up once it has
  // folded up to there. Kafka may not be reachable yet: keep asking.
  std::vector<StartPosition> starts;
  std::map<std::pair<Topic, std::int32_t>, std::int64_t> ends;
  while (!stopping_) {
    try {
      starts.clear();
      ends.clear();
      for (Topic topic : kEntityTopics) {
        const auto partitions = reader.partition_count(topic, std::chrono::seconds(5));
        for (std::int32_t p = 0; p < partitions; ++p) {
          starts.push_back({topic, p, 0});
          ends[{topic, p}] = reader.end_offset(topic, p, std::chrono::seconds(5));
        }
      }
      break;
    } catch (const eventlog::KafkaSetupError& e) {
      spdlog::warn("view: waiting for the log: {}", e.what());
      view_.expire_waits(Clock::now());
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
  if (stopping_) return;
  reader.assign(starts);
  std::int64_t to_fold = 0;
  for (const auto& [key, end] : ends) to_fold += end;
  spdlog::info("view: hydrating from the log ({} entity events)", to_fold);
  const auto started = Clock::now();

  auto check_caught_up = [&] {
    if (view_.caught_up()) return;
    for (const auto& [key, end] : ends) {
      if (end > 0) return;
    }
    view_.set_caught_up();
    spdlog::info(
        "view: caught up with the log in {} ms ({} users, {} URLs)",
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count(),
        view_.read([](const schema::State& s) { return s.user_count(); }),
        view_.read([](const schema::State& s) { return s.url_count(); }));
  };
  check_caught_up();

  while (!stopping_) {
    for (const auto& message : reader.poll(1000, std::chrono::milliseconds(100))) {
      auto decoded = schema::decode(message.payload);
      if (decoded) {
        view_.apply(*decoded.event);
      } else {
        spdlog::warn("view: skipping {}/{}@{}: {}: {}", schema::topic_name(message.topic),
                     message.partition, message.offset, schema::describe(decoded.error),
                     decoded.message);
      }
      // Track progress towards the end offsets seen at start.
      auto it = ends.find({message.topic, message.partition});
      if (it != ends.end() && message.offset + 1 >= it->second) it->second = 0;
    }
    check_caught_up();
    view_.expire_waits(Clock::now());
  }
}

}  // namespace linkstream::api
