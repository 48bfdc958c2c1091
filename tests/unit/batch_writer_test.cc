// The projector's write-behind: batches are written in order, one at a time, at most one
// waiting; a failure reaches the folding thread; finish() writes what waits.
#include "batch_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <vector>

#include "support/eventually.h"

namespace linkstream::projector {
namespace {

using namespace std::chrono_literals;

FoldedBatch batch_up_to(std::int64_t next_offset) {
  FoldedBatch batch;
  batch.outcome.advanced[{schema::Topic::kClicks, 0}] = next_offset;
  batch.outcome.written = 1;
  return batch;
}

std::int64_t next_offset(const FoldedBatch& batch) {
  return batch.outcome.advanced.at({schema::Topic::kClicks, 0});
}

TEST(BatchWriter, WritesEveryBatchInTheOrderItWasPushed) {
  std::vector<std::int64_t> written;
  {
    BatchWriter writer([&](FoldedBatch& b) { written.push_back(next_offset(b)); }, [] {}, 1h);
    for (std::int64_t i = 1; i <= 200; ++i) writer.push(batch_up_to(i));
    writer.finish();
  }
  ASSERT_EQ(written.size(), 200u);
  for (std::int64_t i = 1; i <= 200; ++i) EXPECT_EQ(written[static_cast<std::size_t>(i - 1)], i);
}

TEST(BatchWriter, FoldsAtMostTwoBatchesAheadOfTheTables) {
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> started{0};
  BatchWriter writer(
      [&](FoldedBatch&) {
        ++started;
        released.wait();
      },
      [] {}, 1h);
  writer.push(batch_up_to(1));  // being written
  writer.push(batch_up_to(2));  // waiting
  auto third = std::async(std::launch::async, [&] { writer.push(batch_up_to(3)); });
  EXPECT_EQ(third.wait_for(200ms), std::future_status::timeout)
      << "a third batch was taken while one was written and one waited";
  release.set_value();
  third.get();
  writer.finish();
  EXPECT_EQ(started.load(), 3);
}

TEST(BatchWriter, AFailedWriteReachesTheFoldingThread) {
  BatchWriter writer([](FoldedBatch&) { throw std::runtime_error("PostgreSQL went away"); }, [] {},
                     1h);
  writer.push(batch_up_to(1));
  // The next push (or finish) rethrows it, however the two threads interleave.
  EXPECT_THROW(
      {
        for (int i = 2; i < 1000; ++i) writer.push(batch_up_to(i));
        writer.finish();
      },
      std::runtime_error);
}

TEST(BatchWriter, CallsIdleWhenNoBatchComes) {
  std::promise<void> idled;
  std::atomic<bool> once{false};
  BatchWriter writer([](FoldedBatch&) {},
                     [&] {
                       if (!once.exchange(true)) idled.set_value();
                     },
                     10ms);
  EXPECT_EQ(idled.get_future().wait_for(5s), std::future_status::ready);
  writer.finish();
}

TEST(BatchWriter, AFailedIdleCheckReachesTheFoldingThreadWithoutANewBatch) {
  BatchWriter writer([](FoldedBatch&) {}, [] { throw std::runtime_error("offsets moved"); }, 1ms);
  // An idle session has no batch to push: it asks (a replay's rewind is found this way).
  EXPECT_TRUE(testing::eventually([&] {
    try {
      writer.rethrow_if_failed();
      return false;
    } catch (const std::runtime_error&) {
      return true;
    }
  }));
}

TEST(BatchWriter, StoppingWaitsForTheBatchBeingWrittenAndDropsTheOneWaiting) {
  std::promise<void> release;
  auto released = release.get_future().share();
  std::promise<void> first_started;
  std::mutex written_mutex;
  std::vector<std::int64_t> written;
  auto writer = std::make_unique<BatchWriter>(
      [&](FoldedBatch& b) {
        if (next_offset(b) == 1) {
          first_started.set_value();
          released.wait();
        }
        std::lock_guard lock(written_mutex);
        written.push_back(next_offset(b));
      },
      [] {}, 1h);
  writer->push(batch_up_to(1));
  first_started.get_future().wait();
  writer->push(batch_up_to(2));
  auto stopped = std::async(std::launch::async, [&] { writer.reset(); });
  EXPECT_EQ(stopped.wait_for(200ms), std::future_status::timeout)
      << "the writer stopped in the middle of a batch";
  release.set_value();
  stopped.get();
  std::lock_guard lock(written_mutex);
  EXPECT_EQ(written, std::vector<std::int64_t>{1})
      << "a batch that waited was written while stopping";
}

}  // namespace
}  // namespace linkstream::projector
