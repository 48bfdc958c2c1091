#include "sender.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <sys/socket.h>

#include <cstring>
#include <stdexcept>

#include "net/address_blocks.h"

namespace linkstream::deliverer {

namespace {

// CURLOPT_OPENSOCKETFUNCTION: opens the socket only for an address the policy admits.
curl_socket_t open_admitted_socket(void* policy, curlsocktype, struct curl_sockaddr* address) {
  api::IpBytes bytes{};
  if (address->family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&address->addr);
    bytes[10] = bytes[11] = 0xff;
    std::memcpy(bytes.data() + 12, &in->sin_addr, 4);
  } else if (address->family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address->addr);
    std::memcpy(bytes.data(), &in6->sin6_addr, 16);
  } else {
    return CURL_SOCKET_BAD;
  }
  if (!static_cast<const api::UrlPolicy*>(policy)->admits_address(bytes)) return CURL_SOCKET_BAD;
  return socket(address->family, address->socktype, address->protocol);
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

}  // namespace

Sender::Sender(const api::UrlPolicy& policy, std::chrono::milliseconds timeout)
    : policy_(policy), timeout_(timeout), curl_(curl_easy_init()) {
  if (!curl_) throw std::runtime_error("curl_easy_init failed");
}

Sender::~Sender() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Attempt Sender::post(const std::string& url, const std::string& body,
                     const std::string& delivery_id, const std::string& event_type,
                     const std::string& signature) {
  auto* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);
  curl_slist* headers = nullptr;
  for (const auto& header :
       {std::string("Content-Type: application/json"), "Linkstream-Delivery: " + delivery_id,
        "Linkstream-Event: " + event_type, "Linkstream-Signature: " + signature,
        std::string("User-Agent: linkstream-deliverer"), std::string("Expect:")}) {
    headers = curl_slist_append(headers, header.c_str());
  }
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_admitted_socket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, const_cast<api::UrlPolicy*>(&policy_));
  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  Attempt attempt;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &attempt.status);
  if (code == CURLE_COULDNT_CONNECT && attempt.status == 0 && error[0] == '\0') {
    attempt.error = "no connection";
  } else if (code != CURLE_OK) {
    attempt.error =
        std::string(curl_easy_strerror(code)) + (error[0] ? std::string(": ") + error : "");
    if (code == CURLE_COULDNT_CONNECT) attempt.error += " (or the address is not admitted)";
  } else if (attempt.status < 200 || attempt.status > 299) {
    attempt.error = "answered " + std::to_string(attempt.status);
  } else {
    attempt.ok = true;
  }
  return attempt;
}

}  // namespace linkstream::deliverer
