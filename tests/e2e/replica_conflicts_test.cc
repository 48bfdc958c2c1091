// Two api replicas, many clients racing for the same custom short code, e-mail or
// username: the log's order decides. Exactly one client gets 201, every other one 409,
// both replicas and PostgreSQL name the same winner, and every losing claim that reached
// the log is recorded in voided_events for operators.

#include <gtest/gtest.h>

#include <iostream>
#include <latch>
#include <map>
#include <thread>

#include "linkstream/eventlog/log_reader.h"
#include "support/api_fixtures.h"
#include "support/api_replica.h"
#include "support/eventually.h"

namespace linkstream {
namespace {

using testing::HttpClient;
using testing::HttpResponse;

constexpr int kClaims = 12;

// Sends kClaims requests at once, alternating between the replicas; request i is
// `make_body(i)` posted to `path`.
template <typename MakeBody>
std::vector<HttpResponse> race(const std::vector<std::string>& replicas, const std::string& path,
                               MakeBody make_body) {
  std::vector<HttpResponse> answers(kClaims);
  std::latch start(kClaims);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClaims; ++i) {
    clients.emplace_back([&, i] {
      HttpClient http(replicas[i % replicas.size()]);
      const auto body = make_body(i);
      start.arrive_and_wait();
      answers[i] = http.post(path, body);
    });
  }
  for (auto& client : clients) client.join();
  return answers;
}

// The one 201 among the answers (its JSON), after checking all others are 409.
rapidjson::Document winner_of(const std::vector<HttpResponse>& answers) {
  int created = 0, conflicts = 0;
  rapidjson::Document winner;
  for (const auto& answer : answers) {
    if (answer.status == 201) {
      ++created;
      winner = answer.json();
    } else if (answer.status == 409) {
      ++conflicts;
    } else {
      ADD_FAILURE() << "unexpected " << answer.status << ": " << answer.body;
    }
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(conflicts, kClaims - 1);
  return winner;
}

// How many messages on the partition since `from` contain `needle`: the claims that
// reached the log (others were refused by a replica's view before being appended).
std::int64_t claims_in_log(schema::Topic topic, std::int64_t from, const std::string& needle) {
  eventlog::LogReader reader(
      {.brokers = testing::kafka_brokers(), .client_id = "test", .extra = {}});
  const auto end = reader.end_offset(topic, 0, std::chrono::seconds(10));
  reader.assign({{topic, 0, from}});
  std::int64_t count = 0, next = from;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (next < end && std::chrono::steady_clock::now() < deadline) {
    for (const auto& message : reader.poll(1000, std::chrono::milliseconds(500))) {
      next = message.offset + 1;
      if (message.payload.find(needle) != std::string::npos) ++count;
    }
  }
  EXPECT_EQ(next, end) << "could not read the log to its end";
  return count;
}

std::int64_t end_offset(schema::Topic topic) {
  eventlog::LogReader reader(
      {.brokers = testing::kafka_brokers(), .client_id = "test", .extra = {}});
  return reader.end_offset(topic, 0, std::chrono::seconds(10));
}

// Voided events whose data has `field` = `value`, by reason. A replica whose claim lost
// only on its id (another replica took the same next id) tries again with a new one, so
// one request can leave more than one voided claim.
std::map<std::string, std::int64_t> voided(const std::string& field, const std::string& value) {
  pqxx::connection connection(testing::pg_uri());
  pqxx::read_transaction tx(connection);
  std::map<std::string, std::int64_t> by_reason;
  for (const auto& row : tx.exec_params(
           "SELECT reason, count(*) FROM voided_events WHERE event->'data'->>$1 = $2 GROUP BY 1",
           field, value)) {
    by_reason[row[0].as<std::string>()] = row[1].as<std::int64_t>();
  }
  return by_reason;
}

// Waits until every losing claim in the log is a voided event; checks their reasons.
void expect_losers_voided(std::int64_t appended, const std::string& field, const std::string& value,
                          const std::string& reason, const std::string& id_reason) {
  std::cout << appended << " of " << kClaims << " claims on " << field
            << " reached the log; the others were refused by a replica's view\n";
  std::map<std::string, std::int64_t> by_reason;
  std::int64_t total = 0;
  EXPECT_TRUE(testing::eventually(
      [&] {
        by_reason = voided(field, value);
        total = 0;
        for (const auto& [r, n] : by_reason) total += n;
        return total == appended - 1;
      },
      std::chrono::seconds(30)))
      << appended << " claims in the log, " << total << " voided";
  for (const auto& [r, n] : by_reason) {
    EXPECT_TRUE(r == reason || r == id_reason) << n << " voided as " << r;
  }
  if (appended > 1) {
    EXPECT_GT(by_reason[reason], 0);
  }
}

// PostgreSQL holds exactly one row of `table` with `column` = `value`: the winner's.
void expect_only_winner_in_postgres(const std::string& table, const std::string& column,
                                    const std::string& value, std::int64_t winner_id) {
  const auto where = "SELECT count(*) FROM " + table + " WHERE " + column + " = '" + value + "'";
  EXPECT_EQ(testing::count_rows(where + " AND id = $1", winner_id), 1);
  EXPECT_EQ(testing::count_rows(where + " AND $1 = $1", 0), 1);
}

class ReplicaConflicts : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(second_.ready()) << "the second replica did not start"; }

  std::vector<std::string> replicas() const { return {testing::api_url(), second_.url()}; }

  // Both replicas answer GET `path` with 200 and the same body.
  void expect_both_serve(const std::string& path, const std::string& expected_fragment) {
    std::vector<std::string> bodies;
    for (const auto& replica : replicas()) {
      HttpClient http(replica);
      HttpResponse answer;
      EXPECT_TRUE(testing::eventually([&] {
        answer = http.get(path);
        return answer.status == 200;
      })) << replica
          << path;
      EXPECT_NE(answer.body.find(expected_fragment), std::string::npos) << answer.body;
      bodies.push_back(answer.body);
    }
    EXPECT_EQ(bodies[0], bodies[1]) << "the replicas disagree on " << path;
  }

  testing::ApiReplica second_{18181};
};

TEST_F(ReplicaConflicts, OneOfManyClaimsOnAnEmailWins) {
  const auto email = "contested-" + testing::unique_suffix() + "@example.com";
  const auto from = end_offset(schema::Topic::kUsers);
  const auto answers = race(replicas(), "/users", [&](int i) {
    return R"({"username":"claimant-)" + testing::unique_suffix() + std::to_string(i) +
           R"(","email":")" + email + R"("})";
  });
  const auto winner = winner_of(answers);
  ASSERT_TRUE(winner.IsObject());
  const auto id = winner["id"].GetInt64();
  expect_both_serve("/users/" + std::to_string(id), email);

  const auto appended = claims_in_log(schema::Topic::kUsers, from, email);
  EXPECT_GE(appended, 1);
  expect_losers_voided(appended, "email", email, "email_taken", "user_id_taken");
  expect_only_winner_in_postgres("users", "email", email, id);
}

TEST_F(ReplicaConflicts, OneOfManyClaimsOnAUsernameWins) {
  const auto username = "contested-" + testing::unique_suffix();
  const auto from = end_offset(schema::Topic::kUsers);
  const auto answers = race(replicas(), "/users", [&](int i) {
    return R"({"username":")" + username + R"(","email":"claimant-)" + testing::unique_suffix() +
           std::to_string(i) + R"(@example.com"})";
  });
  const auto winner = winner_of(answers);
  ASSERT_TRUE(winner.IsObject());
  const auto id = winner["id"].GetInt64();
  expect_both_serve("/users/" + std::to_string(id), username);

  const auto appended = claims_in_log(schema::Topic::kUsers, from, "\"" + username + "\"");
  EXPECT_GE(appended, 1);
  expect_losers_voided(appended, "username", username, "username_taken", "user_id_taken");
  expect_only_winner_in_postgres("users", "username", username, id);
}

TEST_F(ReplicaConflicts, OneOfManyClaimsOnACustomShortCodeWins) {
  HttpClient http(testing::api_url());
  const auto owner = testing::create_user(http);
  // Replicas see each other's writes once they have folded them: let the second one know
  // the owner before the race (otherwise it rightly answers 404 for the user).
  HttpClient second(second_.url());
  ASSERT_TRUE(testing::eventually(
      [&] { return second.get("/users/" + std::to_string(owner.id)).status == 200; }));
  const auto code =
      "race" + std::to_string(std::hash<std::string>{}(testing::unique_suffix()) % 1000000);
  const auto from = end_offset(schema::Topic::kUrls);
  const auto answers = race(replicas(), "/urls", [&](int i) {
    return R"({"user_id":)" + std::to_string(owner.id) +
           R"(,"original_url":"https://example.com/claim/)" + std::to_string(i) +
           R"(","short_code":")" + code + R"("})";
  });
  const auto winner = winner_of(answers);
  ASSERT_TRUE(winner.IsObject());
  const auto id = winner["id"].GetInt64();
  const std::string target = winner["original_url"].GetString();
  expect_both_serve("/urls/" + std::to_string(id), target);
  for (const auto& replica : replicas()) {
    HttpClient client(replica);
    const auto redirect = client.get("/" + code);
    EXPECT_EQ(redirect.status, 302);
    EXPECT_EQ(redirect.header("location"), target) << replica << " redirects elsewhere";
  }

  const auto appended = claims_in_log(schema::Topic::kUrls, from, "\"" + code + "\"");
  EXPECT_GE(appended, 1);
  expect_losers_voided(appended, "short_code", code, "short_code_taken", "url_id_taken");
  expect_only_winner_in_postgres("urls", "short_code", code, id);
}

}  // namespace
}  // namespace linkstream
