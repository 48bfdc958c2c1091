#pragma once
// A small HTTP client for end-to-end tests (libcurl). Never follows redirects: tests look
// at the 302 itself. One connection, reused (keep-alive) across requests. Not thread-safe.

#include <rapidjson/document.h>

#include <map>
#include <stdexcept>
#include <string>

namespace linkstream::testing {

// The request did not complete. `reached_server` is false when no connection was made (the
// server cannot have seen the request), true when it broke afterwards (it may have).
struct TransportError : std::runtime_error {
  TransportError(const std::string& what, bool reached)
      : std::runtime_error(what), reached_server(reached) {}
  bool reached_server;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
  // The body parsed as JSON (a null document when it is not JSON).
  rapidjson::Document json() const;
};

class HttpClient {
 public:
  explicit HttpClient(std::string base_url);

  // One connection per request. libcurl silently sends a request again when a reused
  // connection dies before the answer, so a load client that must know which requests may
  // have reached a killed server turns reuse off.
  void use_fresh_connections() { fresh_connections_ = true; }
  ~HttpClient();

  HttpResponse get(const std::string& path);
  HttpResponse post(const std::string& path, const std::string& json_body);
  HttpResponse request(const std::string& method, const std::string& path, const std::string& body,
                       const std::map<std::string, std::string>& headers = {});

  // How many TCP connections this client has opened so far.
  long connections_opened() const { return connections_opened_; }

  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

 private:
  std::string base_url_;
  void* curl_;
  long connections_opened_ = 0;
  bool fresh_connections_ = false;
};

// A string unique to this test run, for usernames, e-mails and codes.
std::string unique_suffix();

}  // namespace linkstream::testing
