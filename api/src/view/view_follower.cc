#include "view/view_follower.h"

#include <spdlog/spdlog.h>

#include <map>
#include <vector>

#include "linkstream/eventlog/log_reader.h"
#include "linkstream/schema/codec.h"
#include "view/forked_snapshot.h"

namespace linkstream::api {

namespace {

using linkstream::eventlog::LogReader;
using linkstream::eventlog::StartPosition;
using linkstream::schema::Topic;
using Clock = std::chrono::steady_clock;
using Offsets = schema::SnapshotOffsets;

constexpr Topic kEntityTopics[] = {Topic::kUsers, Topic::kUrls};
constexpr auto kLagInterval = std::chrono::seconds(5);

std::int64_t offset_in(const Offsets& offsets, const Offsets::key_type& key) {
  const auto it = offsets.find(key);
  return it == offsets.end() ? 0 : it->second;
}

std::int64_t elapsed_ms(Clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count();
}

// The end offset of every entity partition. Throws eventlog::KafkaSetupError.
Offsets end_offsets(LogReader& reader) {
  Offsets ends;
  for (Topic topic : kEntityTopics) {
    const auto partitions = reader.partition_count(topic, std::chrono::seconds(5));
    for (std::int32_t p = 0; p < partitions; ++p) {
      ends[{topic, p}] = reader.end_offset(topic, p, std::chrono::seconds(5));
    }
  }
  return ends;
}

}  // namespace

ViewFollower::ViewFollower(View& view, std::string brokers, std::string client_id,
                           const SnapshotStore* snapshots, SnapshotPolicy policy)
    : view_(view),
      brokers_(std::move(brokers)),
      client_id_(std::move(client_id)),
      snapshots_(snapshots),
      policy_(policy) {}

ViewFollower::~ViewFollower() {
  stop();
}

void ViewFollower::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void ViewFollower::start() {
  thread_ = std::thread([this] { run(); });
}

void ViewFollower::write_snapshot(const Offsets& next) {
  const auto started = Clock::now();
  try {
    const auto bytes =
        view_.read([&](const schema::State& s) { return schema::encode_snapshot(s, next); });
    snapshots_->save(bytes);
    spdlog::info("view: wrote snapshot {} ({} bytes) in {} ms", snapshots_->file().string(),
                 bytes.size(), elapsed_ms(started));
  } catch (const std::exception& e) {
    spdlog::error("view: could not write the snapshot: {}", e.what());
  }
}

void ViewFollower::run() {
  const auto started = Clock::now();
  Offsets next;  // the next offset to fold in each entity partition
  bool have_snapshot = false;
  if (snapshots_) {
    if (auto snapshot = snapshots_->load()) {
      next = std::move(snapshot->next_offsets);
      view_.restore(std::move(snapshot->state));
      have_snapshot = true;
      spdlog::info("view: read snapshot {} in {} ms ({} users, {} URLs)",
                   snapshots_->file().string(), elapsed_ms(started),
                   view_.read([](const schema::State& s) { return s.user_count(); }),
                   view_.read([](const schema::State& s) { return s.url_count(); }));
    }
  }

  // Learn where the log ends now; the view is caught up once it has folded up to there.
  // Kafka may not be reachable yet: keep asking, and meanwhile serve the snapshot if any.
  LogReader reader({.brokers = brokers_, .client_id = client_id_ + "-view", .extra = {}});
  Offsets ends;
  while (!stopping_) {
    try {
      ends = end_offsets(reader);
      break;
    } catch (const eventlog::KafkaSetupError& e) {
      spdlog::warn("view: waiting for the log: {}", e.what());
      if (have_snapshot && !view_.caught_up()) {
        view_.set_serving_snapshot(true);
        view_.set_caught_up();
        spdlog::warn("view: Kafka is unreachable; serving from the snapshot until it answers");
      }
      view_.expire_waits(Clock::now());
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
  if (stopping_) return;

  for (const auto& [key, end] : ends) {
    if (offset_in(next, key) > end) {
      // The snapshot covers events this log does not have (the log was recreated): it
      // belongs to another log. Fold this one from offset 0.
      spdlog::error("view: the snapshot is ahead of the log ({}/{}: {} > {}); folding from 0",
                    schema::topic_name(key.first), key.second, offset_in(next, key), end);
      view_.restore(schema::State{});
      next.clear();
      break;
    }
  }
  std::vector<StartPosition> starts;
  std::int64_t to_fold = 0;
  for (const auto& [key, end] : ends) {
    starts.push_back({key.first, key.second, offset_in(next, key)});
    to_fold += end - offset_in(next, key);
  }
  reader.assign(starts);
  view_.set_folded(next);
  spdlog::info("view: folding {} entity events from the log", to_fold);

  const auto reached_ends = [&] {
    for (const auto& [key, end] : ends) {
      if (offset_in(next, key) < end) return false;
    }
    return true;
  };
  const auto check_caught_up = [&] {
    if (!reached_ends()) return;
    if (!view_.caught_up() || view_.serving_snapshot()) {
      spdlog::info("view: caught up with the log in {} ms ({} users, {} URLs)", elapsed_ms(started),
                   view_.read([](const schema::State& s) { return s.user_count(); }),
                   view_.read([](const schema::State& s) { return s.url_count(); }));
    }
    view_.set_caught_up();
    view_.set_serving_snapshot(false);
  };
  check_caught_up();

  auto last_snapshot = Clock::now();
  auto last_lag = Clock::time_point{};
  Offsets snapshotted = have_snapshot ? next : Offsets{};
  ForkedSnapshot background;
  Offsets writing;  // what the running background snapshot covers
  while (!stopping_) {
    const auto batch = reader.poll(1000, std::chrono::milliseconds(100));
    for (const auto& message : batch) {
      auto decoded = schema::decode(message.payload);
      if (decoded) {
        view_.apply(*decoded.event);
      } else {
        spdlog::warn("view: skipping {}/{}@{}: {}: {}", schema::topic_name(message.topic),
                     message.partition, message.offset, schema::describe(decoded.error),
                     decoded.message);
      }
      next[{message.topic, message.partition}] = message.offset + 1;
    }
    if (!batch.empty()) view_.set_folded(next);
    check_caught_up();
    view_.expire_waits(Clock::now());

    if (Clock::now() - last_lag >= kLagInterval) {
      // From the watermarks of the last fetches: asking the broker here would hold back
      // every fold (and every write waiting for one) for its round trips.
      last_lag = Clock::now();
      std::int64_t lag = 0;
      for (const auto& [key, end_at_start] : ends) {
        const auto end = reader.fetched_end_offset(key.first, key.second).value_or(end_at_start);
        lag += std::max<std::int64_t>(0, end - offset_in(next, key));
      }
      view_.set_lag(lag);
    }

    if (auto outcome = background.finished()) {
      if (outcome->ok) {
        snapshotted = writing;
        spdlog::info("view: wrote snapshot {} in the background in {} ms",
                     snapshots_->file().string(), outcome->took.count());
      } else {
        spdlog::error("view: could not write the snapshot {}: {}", snapshots_->file().string(),
                      outcome->error);
      }
    }
    if (snapshots_ && policy_.interval.count() > 0 && !background.running() && view_.caught_up() &&
        next != snapshotted && Clock::now() - last_snapshot >= policy_.interval) {
      last_snapshot = Clock::now();
      const auto fork_started = Clock::now();
      const auto refused = view_.read([&](const schema::State& state) {
        return background.start(state, next, *snapshots_, policy_.write_bytes_per_second);
      });
      if (refused) {
        spdlog::error("view: could not start a snapshot: {}", *refused);
      } else {
        writing = next;
        spdlog::info("view: forked the snapshot writer in {} ms", elapsed_ms(fork_started));
      }
    }
  }
  // The last snapshot is written here, on the way out, and supersedes one still running.
  background.abandon();
  if (snapshots_ && view_.caught_up() && next != snapshotted) write_snapshot(next);
}

}  // namespace linkstream::api
