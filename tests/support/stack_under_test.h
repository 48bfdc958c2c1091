#pragma once
// Where the stack that tests/run started can be reached. Integration and end-to-end tests
// fail (never skip) when it is not set: run them through tests/run.

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace linkstream::testing {

inline std::string required_env(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) {
    ADD_FAILURE() << name << " is not set: run the tests with tests/run, which starts the stack";
    return "";
  }
  return value;
}

inline std::string api_url() {
  return required_env("LINKSTREAM_TEST_API_URL");
}
inline std::string pg_uri() {
  return required_env("LINKSTREAM_TEST_PG_URI");
}
inline std::string kafka_brokers() {
  return required_env("LINKSTREAM_TEST_KAFKA_BROKERS");
}

}  // namespace linkstream::testing
