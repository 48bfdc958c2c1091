#pragma once
// What linkstreamctl asks the api over HTTP (libcurl): one connection, kept alive.

#include <curl/curl.h>

#include <map>
#include <stdexcept>
#include <string>

namespace linkstream::ctl {

struct ApiAnswer {
  long status = 0;
  std::string body;
};

// The api did not answer (refused, timed out, broke off). The message says where and
// what to check.
struct ApiUnreachable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ApiClient {
 public:
  explicit ApiClient(std::string base_url);
  ~ApiClient();
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  // POSTs `body` to `path`; throws ApiUnreachable.
  ApiAnswer post(const std::string& path, const std::string& body,
                 const std::map<std::string, std::string>& headers);

  const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
  CURL* curl_;
};

}  // namespace linkstream::ctl
