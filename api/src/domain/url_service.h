#pragma once
// Short URLs: creation through the log, reads from the view.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "domain/write_result.h"
#include "linkstream/eventlog/log_writer.h"
#include "linkstream/schema/state.h"
#include "view/view.h"

namespace linkstream::api {

struct NewUrl {
  std::int64_t user_id = 0;
  std::string original_url;
  std::optional<std::string> title;
  std::optional<std::string> short_code;  // the client's own code, or a random one
};

using UrlResult = WriteResult<schema::Url>;

class UrlService {
 public:
  UrlService(View& view, eventlog::LogWriter& writer, std::chrono::milliseconds confirm_timeout);

  // Validates, checks the owner exists, appends UrlCreated, and calls `done` with the
  // view's verdict: kDone, kConflict (a custom short code that is taken), or kInvalid,
  // kNotFound (no such user), kUnavailable. A random code that collides is replaced
  // without the client noticing.
  void create(NewUrl url, std::function<void(UrlResult)> done);

  std::optional<schema::Url> find(std::int64_t id) const;

 private:
  void attempt(NewUrl url, bool custom_code, int attempts_left,
               std::function<void(UrlResult)> done);
  std::string unused_random_code() const;

  View& view_;
  eventlog::LogWriter& writer_;
  std::chrono::milliseconds confirm_timeout_;
};

}  // namespace linkstream::api
