#pragma once
// One logging set-up for every linkstream process: one JSON object per line on stdout
// (supervisord keeps the files), and the most recent lines in memory for GET /logs.
//
// A line: {"time":"2026-11-28T07:54:17.123Z","level":"info","component":"api",
//          "request_id":"…","method":"GET","route":"/{short_code}","status":302,
//          "duration_ms":0.21,"client":"127.0.0.0","message":"request","seq":1234}
// `seq` numbers the lines of one process run, as GET /logs's X-Log-Seq does.
// Fields other than time, level, component, message and seq appear when known: a request
// line carries all of them; a line logged while a handler runs carries its request id.

#include <spdlog/common.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linkstream::platform {

// `component`: "api", "projector", ... Level from LINKSTREAM_LOG_LEVEL (default info).
// Keeps the last `ring_size` lines in memory.
void setup_logging(const std::string& component, std::size_t ring_size = 5000);

// What a request line says beyond the message.
struct RequestFields {
  std::string request_id;
  std::string method;
  std::string route;  // the route template, never the raw path
  int status = 0;
  double duration_ms = 0;
  std::string client;  // anonymised (see anonymise_address)
};

// Logs one line about a finished request.
void log_request(spdlog::level::level_enum level, const RequestFields& fields,
                 std::string_view message);

// While alive, lines logged by this thread carry `request_id`.
class RequestIdScope {
 public:
  explicit RequestIdScope(const std::string& request_id);
  ~RequestIdScope();
  RequestIdScope(const RequestIdScope&) = delete;
  RequestIdScope& operator=(const RequestIdScope&) = delete;

 private:
  const std::string* previous_;
};

// An address with its host part dropped: IPv4 keeps /24 ("203.0.113.0"), IPv6 keeps /48
// ("2001:db8:1::"), an IPv4-mapped IPv6 address is its IPv4 one; "unknown" when it is not
// an address.
std::string anonymise_address(std::string_view address);

struct LogLine {
  std::uint64_t seq = 0;  // increases by one per line since the process started
  std::chrono::system_clock::time_point time;
  std::string level;  // "trace" ... "critical"
  std::string request_id;
  std::string json;  // the line as written, without the newline
};

// The kept lines, oldest first. Thread-safe.
std::vector<LogLine> recent_log_lines();

// The kept lines after `seq`, waiting up to `timeout` for at least one. Thread-safe.
std::vector<LogLine> log_lines_after(std::uint64_t seq, std::chrono::milliseconds timeout);

// "warning" for "warn"; -1 for a name that is not a level. Ordered trace < ... < critical.
int level_rank(std::string_view level);

}  // namespace linkstream::platform
