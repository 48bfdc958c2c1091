#pragma once
// One HTTP POST of a delivery to a webhook's endpoint (libcurl). One Sender per thread.
//
// A delivery succeeds on any 2xx answer within the attempt's timeout; anything else (a
// refused or failed connection, a timeout, another status) is a failure to retry.
// Redirects are not followed (a receiver that moved is registered again). The connection
// is refused before it is made when the endpoint's name resolves to an address the
// webhook URL policy does not admit (loopback, private, link-local, ... unless allowed),
// so a name that passed the policy at registration cannot lead into the deployment's
// network later.

#include <chrono>
#include <string>

#include "domain/url_policy.h"

namespace linkstream::deliverer {

struct Attempt {
  bool ok = false;
  long status = 0;    // the HTTP status, 0 when none came
  std::string error;  // what went wrong, for the delivery's record and the log
};

class Sender {
 public:
  Sender(const api::UrlPolicy& policy, std::chrono::milliseconds timeout);
  ~Sender();

  Attempt post(const std::string& url, const std::string& body, const std::string& delivery_id,
               const std::string& event_type, const std::string& signature);

  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

 private:
  const api::UrlPolicy& policy_;
  std::chrono::milliseconds timeout_;
  void* curl_;
};

}  // namespace linkstream::deliverer
