// What the api refuses to start with in production (api/src/config.h), and what a local
// stack may use.
#include "config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "linkstream/platform/environment.h"

namespace linkstream::api {
namespace {

// Each test starts with none of these set (tests/run sets some for the replicas it starts)
// and leaves them as it found them.
class Environment : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : kNames) {
      if (const char* value = std::getenv(name)) saved_.emplace_back(name, value);
      ::unsetenv(name);
    }
  }
  void TearDown() override {
    for (const char* name : kNames) ::unsetenv(name);
    for (const auto& [name, value] : saved_) ::setenv(name, value.c_str(), 1);
  }
  static void set(const char* name, const char* value) { ::setenv(name, value, 1); }

  // The message from_environment() stops with, or "" when it starts.
  static std::string refusal() {
    try {
      Config::from_environment();
      return "";
    } catch (const platform::SettingError& e) {
      return e.what();
    }
  }

 private:
  static constexpr const char* kNames[] = {
      "LINKSTREAM_ENVIRONMENT",         "LINKSTREAM_VISITOR_SALT",
      "LINKSTREAM_ADMIN_TOKEN",         "LINKSTREAM_CHAOS_ENABLED",
      "LINKSTREAM_URL_ALLOWED_PRIVATE", "LINKSTREAM_URL_BLOCKED_DOMAINS",
      "LINKSTREAM_WEBHOOK_KEY",         "LINKSTREAM_WEBHOOK_ALLOWED_PRIVATE"};
  std::vector<std::pair<const char*, std::string>> saved_;
};

constexpr const char* kSalt = "a-secret-salt-of-32-bytes-123456";
constexpr const char* kWebhookKey = "a-webhook-key-of-32-bytes-123456";

TEST_F(Environment, ProductionRefusesTheDefaultSaltAndSaysHowToRunLocally) {
  const auto message = refusal();
  EXPECT_NE(message.find("LINKSTREAM_VISITOR_SALT"), std::string::npos) << message;
  EXPECT_NE(message.find("LINKSTREAM_ENVIRONMENT=local"), std::string::npos) << message;
  set("LINKSTREAM_VISITOR_SALT", "short");
  EXPECT_NE(refusal().find("LINKSTREAM_VISITOR_SALT"), std::string::npos);
  set("LINKSTREAM_VISITOR_SALT", kSalt);
  EXPECT_NE(refusal().find("LINKSTREAM_WEBHOOK_KEY"), std::string::npos)
      << "the built-in webhook key would let anyone sign as any webhook";
  set("LINKSTREAM_WEBHOOK_KEY", "short");
  EXPECT_NE(refusal().find("LINKSTREAM_WEBHOOK_KEY"), std::string::npos);
  set("LINKSTREAM_WEBHOOK_KEY", kWebhookKey);
  EXPECT_EQ(refusal(), "");
}

TEST_F(Environment, ProductionRefusesAShortAdminTokenAndChaos) {
  set("LINKSTREAM_VISITOR_SALT", kSalt);
  set("LINKSTREAM_WEBHOOK_KEY", kWebhookKey);
  set("LINKSTREAM_ADMIN_TOKEN", "letmein");
  EXPECT_NE(refusal().find("LINKSTREAM_ADMIN_TOKEN"), std::string::npos);
  set("LINKSTREAM_ADMIN_TOKEN", "a-token-that-is-long-enough");
  set("LINKSTREAM_CHAOS_ENABLED", "true");
  EXPECT_NE(refusal().find("LINKSTREAM_CHAOS_ENABLED"), std::string::npos);
}

TEST_F(Environment, ALocalStackMayUseWhatProductionRefuses) {
  set("LINKSTREAM_ENVIRONMENT", "local");
  set("LINKSTREAM_CHAOS_ENABLED", "true");
  set("LINKSTREAM_ADMIN_TOKEN", "dev");
  EXPECT_EQ(refusal(), "");
  set("LINKSTREAM_ENVIRONMENT", "staging");
  EXPECT_NE(refusal().find("LINKSTREAM_ENVIRONMENT must be production or local"),
            std::string::npos);
}

TEST_F(Environment, URLPolicySettingsAreCheckedAtStart) {
  set("LINKSTREAM_ENVIRONMENT", "local");
  set("LINKSTREAM_URL_ALLOWED_PRIVATE", "10.0.0.0/99");
  EXPECT_NE(refusal().find("LINKSTREAM_URL_ALLOWED_PRIVATE"), std::string::npos);
  set("LINKSTREAM_URL_ALLOWED_PRIVATE", "10.0.0.0/8");
  set("LINKSTREAM_URL_BLOCKED_DOMAINS", "not a domain");
  EXPECT_NE(refusal().find("LINKSTREAM_URL_BLOCKED_DOMAINS"), std::string::npos);
}

}  // namespace
}  // namespace linkstream::api
