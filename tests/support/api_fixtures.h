#pragma once
// Small steps end-to-end tests repeat: create a user or a URL through the api, parse an
// answer, count rows in PostgreSQL.

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "support/http_client.h"
#include "support/stack_under_test.h"

namespace linkstream::testing {

struct CreatedUser {
  std::int64_t id = 0;
  std::string username;
  std::string email;
};

struct CreatedUrl {
  std::int64_t id = 0;
  std::string short_code;
  std::string original_url;
};

inline CreatedUser create_user(HttpClient& http) {
  const auto name = "user-" + unique_suffix();
  const auto email = name + "@example.com";
  const auto response =
      http.post("/users", R"({"username":")" + name + R"(","email":")" + email + R"("})");
  EXPECT_EQ(response.status, 201) << response.body;
  const auto json = response.json();
  if (!json.IsObject() || !json.HasMember("id")) {
    ADD_FAILURE() << "no user in " << response.body;
    return {};
  }
  return {json["id"].GetInt64(), name, email};
}

inline CreatedUrl create_url(HttpClient& http, std::int64_t user_id,
                             const std::string& original_url) {
  const auto response = http.post("/urls", R"({"user_id":)" + std::to_string(user_id) +
                                               R"(,"original_url":")" + original_url + R"("})");
  EXPECT_EQ(response.status, 201) << response.body;
  const auto json = response.json();
  if (!json.IsObject() || !json.HasMember("id")) {
    ADD_FAILURE() << "no URL in " << response.body;
    return {};
  }
  return {json["id"].GetInt64(), json["short_code"].GetString(), json["original_url"].GetString()};
}

// The first column of the first row of `sql` with one bigint parameter.
inline std::int64_t count_rows(const std::string& sql, std::int64_t parameter) {
  pqxx::connection connection(pg_uri());
  pqxx::read_transaction tx(connection);
  return tx.exec_params1(sql, parameter)[0].as<std::int64_t>();
}

// The pid of the api process answering /health/ready (a fresh connection each time);
// nullopt while no api is ready. After a crash, supervision starts a process with a new pid.
inline std::optional<std::int64_t> ready_pid() {
  try {
    HttpClient http(api_url());
    const auto response = http.get("/health/ready");
    if (response.status != 200) return std::nullopt;
    const auto json = response.json();
    if (!json.IsObject() || !json.HasMember("pid")) return std::nullopt;
    return json["pid"].GetInt64();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The click rows of a URL in PostgreSQL, and how many distinct clicks they are.
struct ClickCount {
  std::int64_t rows = 0;
  std::int64_t distinct_clicks = 0;
};

inline ClickCount clicks_in_postgres(std::int64_t url_id) {
  pqxx::connection connection(pg_uri());
  pqxx::read_transaction tx(connection);
  const auto row = tx.exec_params1(
      "SELECT count(*), count(DISTINCT event_uid) FROM events WHERE url_id = $1 AND event_type = "
      "'click'",
      url_id);
  return {row[0].as<std::int64_t>(), row[1].as<std::int64_t>()};
}

// A JSON value as text, for comparisons whose failure shows both sides.
inline std::string text_of(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

inline std::string json_body(
    std::initializer_list<std::pair<std::string, std::string>> raw_fields) {
  std::string body = "{";
  for (const auto& [key, raw] : raw_fields)
    body += (body.size() > 1 ? "," : "") + ("\"" + key + "\":" + raw);
  return body + "}";
}

}  // namespace linkstream::testing
