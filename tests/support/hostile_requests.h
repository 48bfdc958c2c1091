#pragma once
// Requests an attacker would send, as data: those an HTTP client library can send
// (hostile bodies, paths, queries, headers), and those only raw bytes can (framing). Used
// by the hostile-input suite and the framing tests.

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace linkstream::testing {

struct HostileRequest {
  std::string what;
  std::string method;
  std::string path;
  std::string body;
  std::map<std::string, std::string> headers;
};

struct RawHostileRequest {
  std::string what;
  std::string bytes;
  int status;  // what RFC 9112 answers it with
};

namespace detail {

inline std::string post_users_framed(const std::string& framing, const std::string& body) {
  return "POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + framing +
         "\r\n" + body;
}

}  // namespace detail

// Framings RFC 9112 forbids: each refused with `status` and the connection closed.
inline std::vector<RawHostileRequest> forbidden_framings() {
  using detail::post_users_framed;
  const std::string body = R"({"username":"framing","email":"framing@example.com"})";
  const auto length = "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return {
      {"two Content-Length fields", post_users_framed(length + length, body), 400},
      {"two different Content-Length fields",
       post_users_framed(length + "Content-Length: 3\r\n", body), 400},
      {"Content-Length 12abc", post_users_framed("Content-Length: 12abc\r\n", body), 400},
      {"Content-Length -1", post_users_framed("Content-Length: -1\r\n", body), 400},
      {"Content-Length +52", post_users_framed("Content-Length: +52\r\n", body), 400},
      {"Transfer-Encoding with Content-Length",
       post_users_framed("Transfer-Encoding: chunked\r\n" + length, body), 400},
      {"Transfer-Encoding with a space before its colon",
       post_users_framed("Transfer-Encoding : chunked\r\n" + length, body), 400},
      {"a Transfer-Encoding that is not chunked",
       post_users_framed("Transfer-Encoding: gzip\r\n", body), 400},
      {"a coding before chunked",
       post_users_framed("Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n"), 501},
      {"obs-fold", post_users_framed("X-Folded: a\r\n b\r\n" + length, body), 400},
      {"a header line without a colon", post_users_framed("NoColonHere\r\n" + length, body), 400},
      {"a NUL byte in a header",
       post_users_framed(std::string("X-Nul: a\0b\r\n", 12) + length, body), 400},
      {"a bare LF", "GET /health HTTP/1.1\nHost: x\r\n\r\n", 400},
      {"a bare CR", "GET /health HTTP/1.1\r\nHost: x\ry\r\n\r\n", 400},
      {"no Host in HTTP/1.1", "GET /health HTTP/1.1\r\nAccept: */*\r\n\r\n", 400},
      {"two Host fields", "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
      {"HTTP/2.0 on an HTTP/1 connection", "GET /health HTTP/2.0\r\nHost: x\r\n\r\n", 505},
      {"no HTTP version", "GET /health\r\nHost: x\r\n\r\n", 400},
      {"a request target of 9,000 bytes",
       "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414},
      {"20 KiB of header fields",
       "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20 * 1024, 'b') + "\r\n\r\n",
       431},
  };
}

// Requests through an HTTP client that must each get a JSON 4xx and write nothing: bodies
// for every write route, paths, queries and headers. `user_id`/`url_id` name entities
// that exist, so that a refusal is about the input, not a missing reference.
inline std::vector<HostileRequest> hostile_requests(std::int64_t user_id, std::int64_t url_id) {
  const auto user = std::to_string(user_id), url = std::to_string(url_id);
  const std::vector<std::string> bad_json = {
      "",
      " ",
      "{",
      "}",
      "[",
      "{\"a\":}",
      "{\"a\" 1}",
      "{'a':1}",
      "{\"a\":1,}",
      "{\"a\":1} x",
      "{/*c*/\"a\":1}",
      "{\"a\":NaN}",
      "{\"a\":Infinity}",
      "{\"a\":1e999999}",
      "nul",
      "tru",
      "\"just a string\"",
      "42",
      "null",
      "[1,2,3]",
      "{\"a\":\"\\uZZZZ\"}",
      "{\"a\":\"\\ud800\"}",
      "{\"a\":\"unterminated}",
      std::string("{\"a\":\"\xff\"}"),
      std::string("{\"a\":\"\xc0\xaf\"}"),
      std::string("{\"a\":\"\xed\xa0\x80\"}"),
      std::string("{\"a\":\"\xf8\x88\x80\x80\x80\"}"),
      std::string("{\"a\":\"x\0y\"}", 11),
      "{\"a\":\"\\u0000\"}",
      std::string(65, '[') + std::string(65, ']'),
      "{\"a\":" + std::string(70, '[') + std::string(70, ']') + "}"};
  std::vector<HostileRequest> requests;
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"POST", "/users"},
                                                        {"POST", "/urls"},
                                                        {"POST", "/events"},
                                                        {"PUT", "/urls/" + url},
                                                        {"PUT", "/users/" + user}}) {
    for (std::size_t i = 0; i < bad_json.size(); ++i) {
      // Not every shape is wrong for every route (PUT with null or {} changes nothing):
      // those that are not are left out, per route.
      if (method == "PUT" && (bad_json[i] == "null")) continue;
      requests.push_back({method + " " + path + " with malformed JSON #" + std::to_string(i),
                          method,
                          path,
                          bad_json[i],
                          {{"Content-Type", "application/json"}}});
    }
  }
  const auto field_cases = std::vector<std::pair<std::string, std::string>>{
      {"/users", R"({"username":12,"email":"a@b.co"})"},
      {"/users", R"({"username":"","email":"a@b.co"})"},
      {"/users", R"({"username":")" + std::string(300, 'u') + R"(","email":"a@b.co"})"},
      {"/users", R"({"username":"ok","email":"no-at-sign"})"},
      {"/users", R"({"username":"ok","email":null})"},
      {"/users", R"({"username":"ok","email":["a@b.co"]})"},
      {"/users", R"({"username":"ok\u202Eevil","email":"bidi@example.com"})"},
      {"/urls", R"({"user_id":true,"original_url":"https://example.com"})"},
      {"/urls", R"({"user_id":1.5,"original_url":"https://example.com"})"},
      {"/urls", R"({"user_id":-1,"original_url":"https://example.com"})"},
      {"/urls", R"({"user_id":99999999999999999999999,"original_url":"https://example.com"})"},
      {"/urls", R"({"user_id":)" + user + R"(,"original_url":"ftp://example.com/x"})"},
      {"/urls", R"({"user_id":)" + user + R"j(,"original_url":"javascript:alert(1)"})j"},
      {"/urls", R"({"user_id":)" + user + R"(,"original_url":"data:text/html,<script>"})"},
      {"/urls", R"({"user_id":)" + user + R"(,"original_url":"example.com"})"},
      {"/urls", R"({"user_id":)" + user + R"(,"original_url":"https://"})"},
      {"/urls", R"({"user_id":)" + user + R"(,"original_url":"https://exa mple.com/"})"},
      {"/urls",
       R"({"user_id":)" + user + R"(,"original_url":"https://example.com/\r\nSet-Cookie: x=1"})"},
      {"/urls", R"({"user_id":)" + user +
                    R"(,"original_url":"https://example.com/","short_code":"../../etc"})"},
      {"/urls",
       R"({"user_id":)" + user + R"(,"original_url":"https://example.com/","short_code":"a b"})"},
      {"/urls",
       R"({"user_id":)" + user + R"(,"original_url":"https://example.com/","short_code":"users"})"},
      {"/urls", R"({"user_id":)" + user + R"(,"original_url":"https://example.com/","title":7})"},
      {"/events",
       R"({"url_id":)" + url + R"(,"user_id":)" + user + R"(,"event_type":"","details":{}})"},
      {"/events",
       R"({"url_id":)" + url + R"(,"user_id":)" + user + R"(,"event_type":"x","details":"no"})"},
      {"/events", R"({"url_id":"one","user_id":)" + user + R"(,"event_type":"x"})"},
  };
  for (std::size_t i = 0; i < field_cases.size(); ++i) {
    requests.push_back({"POST " + field_cases[i].first + " with a bad field #" + std::to_string(i),
                        "POST",
                        field_cases[i].first,
                        field_cases[i].second,
                        {{"Content-Type", "application/json"}}});
  }
  for (const auto& path : std::vector<std::string>{
           "/users/abc", "/users/-1", "/users/0", "/users/99999999999999999999999", "/urls/1e3",
           "/urls/%00", "/users?page=abc", "/urls?user_id=x", "/urls?is_active=maybe",
           "/events?url_id=%zz", "/users/" + user + "/../../etc/passwd",
           "/%2e%2e/%2e%2e/etc/passwd", "/urls/" + url + "/stats/extra", "/metrics/../logs",
           "/logs", "/logs?limit=1"}) {
    requests.push_back({"GET " + path.substr(0, 60), "GET", path, "", {}});
  }
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"DELETE", "/users"},
                                                        {"PATCH", "/urls/" + url},
                                                        {"PUT", "/health"},
                                                        {"POST", "/metrics"},
                                                        {"DELETE", "/urls/abc"},
                                                        {"POST", "/chaos"},
                                                        {"TRACE", "/users"},
                                                        {"OPTIONS", "/urls"}}) {
    requests.push_back(
        {method + " " + path, method, path, "{}", {{"Content-Type", "application/json"}}});
  }
  requests.push_back({"a 2 MiB body",
                      "POST",
                      "/users",
                      std::string(2 << 20, ' '),
                      {{"Content-Type", "application/json"}}});
  struct Import {
    std::string what, path, body, content_type;
  };
  for (const auto& import : std::vector<Import>{
           {"an import without a file", "/urls/bulk", "--b\r\n\r\n--b--",
            "multipart/form-data; boundary=b"},
           {"an import with another boundary", "/users/bulk",
            "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nid\n1\r\n--x--",
            "multipart/form-data; boundary=y"},
           {"an import of a CSV with unknown columns", "/users/bulk", "nope,columns\n1,2\n",
            "text/csv"}}) {
    requests.push_back(
        {import.what, "POST", import.path, import.body, {{"Content-Type", import.content_type}}});
  }
  for (const auto& [what, key, name] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"an Idempotency-Key with a space", "a b", "key"},
           {"an Idempotency-Key of 300 bytes", std::string(300, 'k'), "key2"}}) {
    requests.push_back({what,
                        "POST",
                        "/users",
                        R"({"username":")" + name + R"(","email":")" + name + R"(@example.com"})",
                        {{"Content-Type", "application/json"}, {"Idempotency-Key", key}}});
  }
  return requests;
}

}  // namespace linkstream::testing
