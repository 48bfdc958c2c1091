#include "http/framing_guard.h"

namespace linkstream::api {

namespace {

constexpr std::string_view kEndOfHead = "\r\n\r\n";

HeadVerdict too_large() {
  return {431, "the request's header fields are over " + std::to_string(kMaxRequestHeadBytes) +
                   " bytes"};
}

}  // namespace

FramingGuard::Admission FramingGuard::admit(std::string_view chunk) {
  if (in_body_) return body(chunk);
  if (partial_head_.empty()) {
    // The usual case: the whole head in one read, checked where it lies.
    if (const auto end = chunk.find(kEndOfHead); end != std::string_view::npos) {
      const auto head_bytes = end + kEndOfHead.size();
      return begin_body(chunk, head_bytes, check_request_head(chunk.substr(0, head_bytes)));
    }
    if (chunk.size() > kMaxRequestHeadBytes) return {too_large(), {}};
    partial_head_.assign(chunk);
    return {{}, chunk};
  }
  // The end of the head may straddle the two reads.
  const auto before = partial_head_.size();
  const auto search_from = before >= kEndOfHead.size() - 1 ? before - (kEndOfHead.size() - 1) : 0;
  partial_head_.append(chunk);
  const auto end = partial_head_.find(kEndOfHead, search_from);
  if (end == std::string::npos) {
    if (partial_head_.size() > kMaxRequestHeadBytes) return {too_large(), {}};
    return {{}, chunk};
  }
  const auto head_bytes = end + kEndOfHead.size();
  auto verdict = check_request_head(std::string_view(partial_head_).substr(0, head_bytes));
  partial_head_.clear();
  return begin_body(chunk, head_bytes - before, std::move(verdict));
}

FramingGuard::Admission FramingGuard::begin_body(std::string_view chunk, std::size_t head_bytes,
                                                 HeadVerdict verdict) {
  if (!verdict.ok()) return {std::move(verdict), {}};
  in_body_ = true;
  if (!verdict.chunked) return {std::move(verdict), chunk};
  chunked_.emplace();
  rewritten_.assign(chunk.substr(0, head_bytes));
  if (!chunked_->strip(chunk.substr(head_bytes), rewritten_)) {
    return {{400, "a chunk of the body does not begin with its size in hexadecimal"}, {}};
  }
  return {std::move(verdict), rewritten_};
}

FramingGuard::Admission FramingGuard::body(std::string_view chunk) {
  if (!chunked_) return {{}, chunk};
  rewritten_.clear();
  if (!chunked_->strip(chunk, rewritten_)) {
    return {{400, "a chunk of the body does not begin with its size in hexadecimal"}, {}};
  }
  return {{}, rewritten_};
}

void FramingGuard::request_done() {
  in_body_ = false;
  partial_head_.clear();
  chunked_.reset();
}

}  // namespace linkstream::api
