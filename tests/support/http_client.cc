#include "http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <stdexcept>

namespace linkstream::testing {

namespace {

size_t on_body(char* data, size_t size, size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* target) {
  std::string line(data, size * count);
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    value.erase(value.find_last_not_of("\r\n") + 1);
    (*static_cast<std::map<std::string, std::string>*>(target))[name] = value;
  }
  return size * count;
}

}  // namespace

rapidjson::Document HttpResponse::json() const {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  if (doc.HasParseError()) doc.SetNull();
  return doc;
}

HttpClient::HttpClient(std::string base_url)
    : base_url_(std::move(base_url)), curl_(curl_easy_init()) {
  if (!curl_) throw std::runtime_error("curl_easy_init failed");
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

HttpResponse HttpClient::get(const std::string& path) {
  return request("GET", path, "");
}

HttpResponse HttpClient::post(const std::string& path, const std::string& json_body) {
  return request("POST", path, json_body, {{"Content-Type", "application/json"}});
}

HttpResponse HttpClient::request(const std::string& method, const std::string& path,
                                 const std::string& body,
                                 const std::map<std::string, std::string>& headers) {
  CURL* curl = static_cast<CURL*>(curl_);
  HttpResponse response;
  const std::string url = base_url_ + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  // Back to a plain GET first: a reused handle otherwise keeps the last request's body mode.
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl, CURLOPT_NOBODY, method == "HEAD" ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, fresh_connections_ ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, fresh_connections_ ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 20000L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  if (!body.empty() || method == "POST" || method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl, CURLOPT_COPYPOSTFIELDS, body.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_slist* header_list = nullptr;
  header_list = curl_slist_append(header_list, "Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : headers)
    header_list = curl_slist_append(header_list, (name + ": " + value).c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list);
  const CURLcode result = curl_easy_perform(curl);
  curl_slist_free_all(header_list);
  if (result != CURLE_OK) {
    throw TransportError(method + " " + url + ": " + curl_easy_strerror(result),
                         result != CURLE_COULDNT_CONNECT);
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  long opened = 0;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &opened);
  connections_opened_ += opened;
  return response;
}

std::string unique_suffix() {
  static std::mt19937_64 generator{std::random_device{}()};
  static const char* alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  for (int i = 0; i < 10; ++i) s += alphabet[generator() % 36];
  return s;
}

}  // namespace linkstream::testing
