#include "api_client.h"

namespace linkstream::ctl {

namespace {

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

}  // namespace

ApiClient::ApiClient(std::string base_url)
    : base_url_(std::move(base_url)), curl_(curl_easy_init()) {
  if (curl_ == nullptr) throw std::runtime_error("libcurl could not start (curl_easy_init)");
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

ApiClient::~ApiClient() {
  curl_easy_cleanup(curl_);
}

ApiAnswer ApiClient::post(const std::string& path, const std::string& body,
                          const std::map<std::string, std::string>& headers) {
  ApiAnswer answer;
  curl_slist* header_list = nullptr;
  for (const auto& [name, value] : headers) {
    header_list = curl_slist_append(header_list, (name + ": " + value).c_str());
  }
  const auto url = base_url_ + path;
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl_, CURLOPT_POST, 1L);
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, header_list);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, 120000L);
  const CURLcode result = curl_easy_perform(curl_);
  curl_slist_free_all(header_list);
  if (result != CURLE_OK) {
    throw ApiUnreachable("POST " + url + ": " + curl_easy_strerror(result) +
                         " (is the stack up? `deploy/stack status`; another api: "
                         "LINKSTREAM_API_URL)");
  }
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

}  // namespace linkstream::ctl
