#include "response_reader.h"

#include <strings.h>

#include <charconv>

namespace linkstream::load {

namespace {

bool header_is(std::string_view line, std::string_view name) {
  return line.size() > name.size() && line[name.size()] == ':' &&
         strncasecmp(line.data(), name.data(), name.size()) == 0;
}

std::string_view header_value(std::string_view line, std::size_t name_size) {
  auto value = line.substr(name_size + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

}  // namespace

ResponseReader::State ResponseReader::feed(std::string_view bytes) {
  buffer_.append(bytes);
  return parse();
}

ResponseReader::State ResponseReader::next() {
  buffer_.erase(0, answer_bytes_);
  answer_bytes_ = 0;
  status_ = 0;
  closes_ = false;
  return parse();
}

ResponseReader::State ResponseReader::parse() {
  if (answer_bytes_ > 0) return State::kComplete;
  const auto end_of_head = buffer_.find("\r\n\r\n");
  if (end_of_head == std::string::npos) {
    return buffer_.size() > 64 * 1024 ? State::kMalformed : State::kIncomplete;
  }
  const std::string_view head(buffer_.data(), end_of_head + 2);
  auto line_end = head.find("\r\n");
  const auto status_line = head.substr(0, line_end);
  if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12 || status_line[8] != ' ') {
    return State::kMalformed;
  }
  int status = 0;
  if (std::from_chars(status_line.data() + 9, status_line.data() + 12, status).ec != std::errc{})
    return State::kMalformed;
  bool closes = status_line.starts_with("HTTP/1.0");
  std::size_t length = 0;
  bool has_length = false;
  for (auto at = line_end + 2; at < head.size(); at = line_end + 2) {
    line_end = head.find("\r\n", at);
    const auto line = head.substr(at, line_end - at);
    if (header_is(line, "Content-Length")) {
      const auto value = header_value(line, 14);
      if (std::from_chars(value.data(), value.data() + value.size(), length).ptr !=
          value.data() + value.size())
        return State::kMalformed;
      has_length = true;
    } else if (header_is(line, "Transfer-Encoding")) {
      return State::kMalformed;
    } else if (header_is(line, "Connection")) {
      const auto value = header_value(line, 10);
      closes = value.size() == 5 && strncasecmp(value.data(), "close", 5) == 0;
    }
  }
  const bool bodiless = (status >= 100 && status < 200) || status == 204 || status == 304;
  if (!has_length && !bodiless) return State::kMalformed;
  const auto total = end_of_head + 4 + (bodiless ? 0 : length);
  if (buffer_.size() < total) return State::kIncomplete;
  answer_bytes_ = total;
  status_ = status;
  closes_ = closes;
  return State::kComplete;
}

}  // namespace linkstream::load
