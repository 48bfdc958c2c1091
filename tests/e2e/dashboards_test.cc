// Every panel of the Grafana dashboards (grafana/dashboards/*.json) runs its queries against
// the test stack's real Prometheus, which scrapes the real stack under a little load. A
// query that errors or returns nothing fails the test: a dashboard an on-call person opens
// must show data.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <atomic>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "support/api_fixtures.h"
#include "support/eventually.h"

namespace linkstream {
namespace {

using testing::HttpClient;

std::string url_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", c);
      out += escaped;
    }
  }
  return out;
}

struct PanelQuery {
  std::string dashboard, panel, expr;
};

std::vector<PanelQuery> panel_queries() {
  std::vector<PanelQuery> queries;
  for (const char* name : {"golden-signals.json", "pipeline.json"}) {
    std::ifstream file(std::string(LINKSTREAM_SOURCE_DIR) + "/grafana/dashboards/" + name);
    std::stringstream text;
    text << file.rdbuf();
    rapidjson::Document board;
    board.Parse(text.str().c_str());
    EXPECT_TRUE(board.IsObject()) << name << " is not JSON";
    if (!board.IsObject()) continue;
    for (const auto& panel : board["panels"].GetArray()) {
      EXPECT_TRUE(panel.HasMember("links") && panel["links"].Size() > 0 &&
                  std::string(panel["links"][0]["url"].GetString()).find(".md") !=
                      std::string::npos)
          << name << ": panel " << panel["title"].GetString() << " links to no runbook";
      for (const auto& target : panel["targets"].GetArray()) {
        queries.push_back({name, panel["title"].GetString(), target["expr"].GetString()});
      }
    }
  }
  return queries;
}

// Prometheus's answer to an instant query: "" when it has data, else what is wrong.
std::string problem_with(HttpClient& prometheus, const std::string& expr) {
  const auto answer = prometheus.get("/api/v1/query?query=" + url_encode(expr));
  const auto json = answer.json();
  if (answer.status != 200 || !json.IsObject() ||
      std::string(json["status"].GetString()) != "success") {
    return "error " + std::to_string(answer.status) + ": " + answer.body.substr(0, 300);
  }
  if (json["data"]["result"].Empty()) return "no data";
  return "";
}

TEST(Dashboards, EveryPanelQueryReturnsDataFromTheRealPrometheus) {
  const auto queries = panel_queries();
  ASSERT_GE(queries.size(), 20u);

  // A little load of every kind while Prometheus scrapes: writes, redirects, reads, a 404.
  std::atomic<bool> stop{false};
  std::thread load([&] {
    HttpClient http(testing::api_url());
    const auto user = testing::create_user(http);
    const auto url = testing::create_url(http, user.id, "https://example.com/dashboards");
    while (!stop) {
      http.get("/" + url.short_code);
      http.get("/users/" + std::to_string(user.id));
      http.get("/events?url_id=" + std::to_string(url.id));
      http.get("/no-such-code-for-dashboards");
      testing::create_user(http);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // pacing: a little load
    }
  });

  HttpClient prometheus(testing::required_env("LINKSTREAM_TEST_PROMETHEUS_URL"));
  std::map<std::string, std::string> problems;
  const bool all_have_data = testing::eventually(
      [&] {
        problems.clear();
        for (const auto& q : queries) {
          auto problem = problem_with(prometheus, q.expr);
          if (!problem.empty()) problems[q.dashboard + " / " + q.panel + ": " + q.expr] = problem;
        }
        return problems.empty();
      },
      std::chrono::seconds(120));
  stop = true;
  load.join();
  EXPECT_TRUE(all_have_data);
  for (const auto& [query, problem] : problems) ADD_FAILURE() << query << " -> " << problem;
}

}  // namespace
}  // namespace linkstream
