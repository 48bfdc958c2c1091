#include "http/router.h"

#include <gtest/gtest.h>

namespace linkstream::api {
namespace {

using Kind = Router::Resolution::Kind;
using Pistache::Http::Method;

Router sample_router() {
  Router router;
  auto nothing = [](const auto&, const auto&, const Reply&) {};
  router.add(Method::Get, "/users", nothing);
  router.add(Method::Post, "/users", nothing);
  router.add(Method::Get, "/users/{id}", nothing);
  router.add(Method::Get, "/{short_code}", nothing);
  router.add(Method::Get, "/urls/{short_code}/redirect", nothing);
  return router;
}

TEST(Router, LiteralSegmentsWinOverParameters) {
  const auto r = sample_router().resolve(Method::Get, "/users");
  EXPECT_EQ(r.kind, Kind::kFound);
  EXPECT_EQ(r.route_template, "/users");
}

TEST(Router, ParametersAreCaptured) {
  const auto r = sample_router().resolve(Method::Get, "/users/42");
  ASSERT_EQ(r.kind, Kind::kFound);
  EXPECT_EQ(r.params.at("id"), "42");
  const auto code = sample_router().resolve(Method::Get, "/aB3dE9");
  ASSERT_EQ(code.kind, Kind::kFound);
  EXPECT_EQ(code.params.at("short_code"), "aB3dE9");
}

TEST(Router, AKnownPathUnderAnotherMethodIs405WithTheAllowedMethods) {
  const auto r = sample_router().resolve(Method::Delete, "/users");
  EXPECT_EQ(r.kind, Kind::kMethodNotAllowed);
  EXPECT_EQ(r.allowed, (std::vector<Method>{Method::Get, Method::Post}));
}

TEST(Router, AnUnknownPathIs404) {
  EXPECT_EQ(sample_router().resolve(Method::Get, "/a/b/c/d").kind, Kind::kNotFound);
  EXPECT_EQ(sample_router().resolve(Method::Get, "/").kind, Kind::kNotFound);
}

}  // namespace
}  // namespace linkstream::api
