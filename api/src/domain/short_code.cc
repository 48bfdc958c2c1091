#include "domain/short_code.h"

#include <array>
#include <random>

namespace linkstream::api {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

constexpr std::array<std::string_view, 8> kReserved = {"users",   "urls", "events", "health",
                                                       "metrics", "logs", "chaos",  "openapi"};

}  // namespace

bool is_reserved_path(std::string_view code) {
  for (auto word : kReserved) {
    if (word == code) return true;
  }
  return false;
}

std::string random_short_code() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string code;
  do {
    code.clear();
    for (std::size_t i = 0; i < kGeneratedShortCodeLength; ++i) code += kAlphabet[pick(generator)];
  } while (is_reserved_path(code));
  return code;
}

}  // namespace linkstream::api
