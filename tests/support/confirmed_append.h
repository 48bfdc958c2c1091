#pragma once
// Appending to the real Kafka and waiting for its answer, for tests that place messages on
// the topics themselves.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "linkstream/eventlog/log_writer.h"

namespace linkstream::testing {

// Appends `payload` as it is to `topic` and waits (at most 20 s) for Kafka's answer. A
// refusal or no answer fails the test and returns a failed Delivery.
inline eventlog::Delivery append_and_confirm(eventlog::LogWriter& writer, schema::Topic topic,
                                             const std::string& key, std::string_view payload) {
  std::mutex mutex;
  std::condition_variable answered;
  std::optional<eventlog::Delivery> delivery;
  auto refused = writer.append_encoded(topic, key, payload, [&](const eventlog::Delivery& d) {
    std::lock_guard lock(mutex);
    delivery = d;
    answered.notify_one();
  });
  if (refused) {
    ADD_FAILURE() << *refused;
    return {};
  }
  std::unique_lock lock(mutex);
  if (!answered.wait_for(lock, std::chrono::seconds(20), [&] { return delivery.has_value(); })) {
    ADD_FAILURE() << "Kafka did not answer within 20 s";
    return {};
  }
  return *delivery;
}

}  // namespace linkstream::testing
