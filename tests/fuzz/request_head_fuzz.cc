// The request-head check and its collection across reads (api/src/http/request_head.h,
// framing_guard.h, chunk_extensions.h): the input is a connection's bytes, cut into reads
// of a size its first byte chooses. What must hold: no crash, no read out of bounds, and
// what reaches Pistache never more than what arrived (chunk extensions only come off; a
// size line cut between two reads is passed on whole with the second).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/framing_guard.h"
#include "http/request_head.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 64;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)linkstream::api::check_request_head(bytes);
  linkstream::api::FramingGuard guard;
  std::size_t arrived = 0, passed_on = 0;
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    const auto chunk = bytes.substr(at, piece);
    const auto admission = guard.admit(chunk);
    if (!admission.verdict.ok()) break;
    arrived += chunk.size();
    passed_on += admission.bytes.size();
    if (passed_on > arrived) __builtin_trap();
    if (data[0] & 0x80) guard.request_done();
  }
  return 0;
}
