// The visitor hash is what stats count distinct visitors by: the same on every replica
// and across restarts, so it must stay SHA-256(salt, 0x00, address).

#include "domain/visitor_hash.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace linkstream::api {
namespace {

// Expected values from Python: hashlib.sha256(b"salt\x00203.0.113.7").hexdigest()[:32].
TEST(VisitorHash, IsTheSaltedSha256PrefixEveryReplicaComputes) {
  EXPECT_EQ(visitor_hash("salt", "203.0.113.7"), "f1ecece6b5a60f6b2a421e1af6e5e5f4");
  EXPECT_EQ(visitor_hash("other", "203.0.113.7"), "29c5f72d32dc3672d9451b4095b79c6a");
  EXPECT_EQ(visitor_hash("salt", "203.0.113.7"), "f1ecece6b5a60f6b2a421e1af6e5e5f4")
      << "a changed salt is not kept";
}

TEST(VisitorHash, GivesTheSameAnswerOnEveryThread) {
  std::vector<std::thread> threads;
  std::vector<std::string> answers(4);
  for (std::size_t t = 0; t < answers.size(); ++t) {
    threads.emplace_back([&answers, t] {
      for (int i = 0; i < 1000; ++i) answers[t] = visitor_hash("salt", "203.0.113.7");
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& answer : answers) EXPECT_EQ(answer, "f1ecece6b5a60f6b2a421e1af6e5e5f4");
}

}  // namespace
}  // namespace linkstream::api
