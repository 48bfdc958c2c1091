#include "linkstream/platform/logging.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <memory>
#include <mutex>

#include "linkstream/platform/environment.h"

namespace linkstream::platform {

namespace {

thread_local const std::string* current_request_id = nullptr;
thread_local const RequestFields* current_request = nullptr;

std::string_view level_name(spdlog::level::level_enum level) {
  const auto name = spdlog::level::to_string_view(level);
  return {name.data(), name.size()};
}

// "2026-11-28T07:54:17.123Z"
std::string utc_time(spdlog::log_clock::time_point time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(time - seconds).count();
  const std::time_t t = std::chrono::system_clock::to_time_t(seconds);
  std::tm utc{};
  ::gmtime_r(&t, &utc);
  char text[64];  // room for any int the compiler can imagine in each field
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return text;
}

// One JSON object, with the request's fields when the line is about one.
std::string to_json(const spdlog::details::log_msg& msg, std::uint64_t seq) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  const auto string = [&](const char* key, std::string_view value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  string("time", utc_time(msg.time));
  string("level", level_name(msg.level));
  string("component", {msg.logger_name.data(), msg.logger_name.size()});
  if (current_request) {
    string("request_id", current_request->request_id);
    string("method", current_request->method);
    string("route", current_request->route);
    w.Key("status");
    w.Int(current_request->status);
    w.Key("duration_ms");
    w.Double(current_request->duration_ms);
    string("client", current_request->client);
  } else if (current_request_id) {
    string("request_id", *current_request_id);
  }
  string("message", {msg.payload.data(), msg.payload.size()});
  if (seq) {
    w.Key("seq");
    w.Uint64(seq);
  }
  w.EndObject();
  return buffer.GetString();
}

// Writes each line once as JSON, numbered: to stdout, and into the in-memory ring behind
// GET /logs, which can wait for new lines. (One formatting per line: every request is
// logged, redirects included.)
class JsonLineSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit JsonLineSink(std::size_t capacity) : capacity_(capacity) {}

  std::vector<LogLine> after(std::uint64_t seq, std::chrono::milliseconds timeout) {
    std::unique_lock lock(lines_mutex_);
    added_.wait_for(lock, timeout, [&] { return !lines_.empty() && lines_.back().seq > seq; });
    std::vector<LogLine> found;
    for (const auto& line : lines_) {
      if (line.seq > seq) found.push_back(line);
    }
    return found;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    LogLine line;
    line.time = msg.time;
    line.level = std::string(level_name(msg.level));
    if (current_request) {
      line.request_id = current_request->request_id;
    } else if (current_request_id) {
      line.request_id = *current_request_id;
    }
    {
      std::lock_guard lock(lines_mutex_);
      line.seq = ++last_seq_;
      line.json = to_json(msg, line.seq);
      std::fwrite(line.json.data(), 1, line.json.size(), stdout);
      std::fputc('\n', stdout);
      lines_.push_back(std::move(line));
      if (lines_.size() > capacity_) lines_.pop_front();
    }
    added_.notify_all();
  }
  void flush_() override { std::fflush(stdout); }

 private:
  std::size_t capacity_;
  std::mutex lines_mutex_;
  std::condition_variable added_;
  std::deque<LogLine> lines_;
  std::uint64_t last_seq_ = 0;
};

std::shared_ptr<JsonLineSink>& ring() {
  static std::shared_ptr<JsonLineSink> sink;
  return sink;
}

}  // namespace

void setup_logging(const std::string& component, std::size_t ring_size) {
  ring() = std::make_shared<JsonLineSink>(ring_size);
  auto logger = std::make_shared<spdlog::logger>(component, ring());
  logger->set_level(spdlog::level::from_str(env_string("LINKSTREAM_LOG_LEVEL", "info")));
  // Request lines come by the thousand per second: flush warnings at once, the rest each
  // second.
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

void log_request(spdlog::level::level_enum level, const RequestFields& fields,
                 std::string_view message) {
  current_request = &fields;
  spdlog::log(level, "{}", message);
  current_request = nullptr;
}

RequestIdScope::RequestIdScope(const std::string& request_id) : previous_(current_request_id) {
  current_request_id = &request_id;
}

RequestIdScope::~RequestIdScope() {
  current_request_id = previous_;
}

std::string anonymise_address(std::string_view address) {
  // Parsed, not cut as text: "2001:db8::1" has only two groups before its "::".
  const std::string text(address);
  in_addr v4{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    v4.s_addr &= htonl(0xffffff00u);
  } else {
    in6_addr v6{};
    if (::inet_pton(AF_INET6, text.c_str(), &v6) != 1) return "unknown";
    if (IN6_IS_ADDR_V4MAPPED(&v6)) {  // "::ffff:203.0.113.7": the IPv4 address it is
      std::memcpy(&v4, v6.s6_addr + 12, sizeof v4);
      v4.s_addr &= htonl(0xffffff00u);
    } else {
      std::fill(std::begin(v6.s6_addr) + 6, std::end(v6.s6_addr), 0);
      char out[INET6_ADDRSTRLEN];
      return ::inet_ntop(AF_INET6, &v6, out, sizeof out) ? out : "unknown";
    }
  }
  char out[INET_ADDRSTRLEN];
  return ::inet_ntop(AF_INET, &v4, out, sizeof out) ? out : "unknown";
}

std::vector<LogLine> recent_log_lines() {
  return ring() ? ring()->after(0, std::chrono::milliseconds(0)) : std::vector<LogLine>{};
}

std::vector<LogLine> log_lines_after(std::uint64_t seq, std::chrono::milliseconds timeout) {
  return ring() ? ring()->after(seq, timeout) : std::vector<LogLine>{};
}

int level_rank(std::string_view level) {
  static constexpr std::string_view kLevels[] = {"trace",   "debug", "info",
                                                 "warning", "error", "critical"};
  if (level == "warn") level = "warning";
  for (int i = 0; i < 6; ++i) {
    if (kLevels[i] == level) return i;
  }
  return -1;
}

}  // namespace linkstream::platform
