#pragma once
// Short URLs: creation through the log, reads from the view.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/idempotency.h"
#include "domain/url_policy.h"
#include "domain/write_result.h"
#include "http/pagination.h"
#include "linkstream/eventlog/log_writer.h"
#include "linkstream/schema/state.h"
#include "view/fold_barrier.h"
#include "view/view.h"

namespace linkstream::api {

struct NewUrl {
  std::int64_t user_id = 0;
  std::string original_url;
  std::optional<std::string> title;
  std::optional<std::string> short_code;  // the client's own code, or a random one
  std::optional<IdempotencyKey> key;      // the request's Idempotency-Key, if it had one
};

// A partial update: absent fields stay as they are.
struct UrlChanges {
  std::optional<std::string> original_url;
  std::optional<std::optional<std::string>> title;  // present and null: remove the title
  std::optional<bool> is_active;
};

struct UrlFilter {
  std::optional<std::int64_t> user_id;
  std::optional<bool> is_active;
  PageRequest page;
};

using UrlResult = WriteResult<schema::Url>;
using UrlCallback = std::function<void(UrlResult)>;

class UrlService {
 public:
  // With a `barrier`, an owner this replica does not know yet is looked for again once the
  // view has caught up with the log (a user just created through another replica).
  // `policy`: which original_urls are accepted, and how each is stored (url_policy.h).
  UrlService(View& view, eventlog::LogWriter& writer, const UrlPolicy& policy,
             std::chrono::milliseconds confirm_timeout, FoldBarrier* barrier = nullptr);

  // Validates, checks the owner exists, appends UrlCreated, and calls `done` with the
  // view's verdict: kDone, kConflict (a custom short code that is taken), or kInvalid,
  // kNotFound (no such user), kUnavailable. A random code that collides is replaced
  // without the client noticing.
  void create(NewUrl url, UrlCallback done);
  // kDone with the updated URL (updated_at always moves forward), kNotFound, kInvalid,
  // kUnavailable.
  void update(std::int64_t id, UrlChanges changes, UrlCallback done);
  // kDone with the URL as it was, kNotFound or kUnavailable. The code stops redirecting.
  void remove(std::int64_t id, UrlCallback done);

  std::optional<schema::Url> find(std::int64_t id) const;
  // Ascending id.
  std::vector<schema::Url> list(const UrlFilter& filter) const;

 private:
  // The checks against the view (owner, custom code), then the first attempt.
  void create_checked(NewUrl url, bool may_wait_for_log, UrlCallback done);
  void attempt(NewUrl url, bool custom_code, int attempts_left, UrlCallback done);
  std::string unused_random_code() const;

  View& view_;
  eventlog::LogWriter& writer_;
  const UrlPolicy& policy_;
  std::chrono::milliseconds confirm_timeout_;
  FoldBarrier* barrier_;
};

}  // namespace linkstream::api
