#pragma once
// What the log says exists: users and URLs, as of some position in the log.
//
// A State is changed only by fold() (fold.h), so every reader that folds the same events
// in the same order holds the same State. Lookups by code and e-mail are O(1), by id
// O(log n); listings walk ids in ascending order. Not thread-safe: the api's view guards
// it with a lock; the projector owns one on its own thread.
//
// Memory: an api replica holds every URL, so the containers are Abseil's B-trees and flat
// hash tables (no node per element, no per-element pointers) and a UrlTable (url_table.h),
// about 200 bytes a URL instead of 360 with std::map and std::unordered_map
// (docs/performance.md).

#include <absl/container/btree_map.h>
#include <absl/container/btree_set.h>
#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "linkstream/schema/timestamp.h"
#include "linkstream/schema/url_table.h"

namespace linkstream::schema {

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string email;
  Timestamp created_at{};
};

// A create made with an Idempotency-Key that took effect (see fold.h): a later event with
// its id is the same request again, answered with what this one created.
struct KeyedRequest {
  std::string digest;          // of the request (method, path, body)
  std::int64_t entity_id = 0;  // the user or URL it created
  Timestamp occurred_at{};
};

class State {
 public:
  // How long (of the log's time) a keyed request is remembered, as Stripe keeps its keys.
  static constexpr std::chrono::hours kKeyedRequestLifetime{24};

  State();
  // A copy rebuilds the short-code index (it refers to its own State's URLs); a moved-from
  // State is empty and usable.
  State(const State& other);
  State& operator=(const State& other);
  State(State&& other) noexcept;
  State& operator=(State&& other) noexcept;
  ~State();

  const User* user(std::int64_t id) const;
  // E-mails compare case-insensitively (ASCII), as mail systems treat them.
  const User* user_by_email(std::string_view email) const;
  bool username_taken(std::string_view username) const;

  // True for a user that existed and was deleted; its URLs do not redirect.
  bool user_deleted(std::int64_t id) const { return deleted_user_ids_.contains(id); }

  const Url* url(std::int64_t id) const;
  // Short codes compare exactly: "abc" and "ABC" are two codes. Nullptr for a deleted URL.
  const Url* url_by_short_code(std::string_view short_code) const;
  // True while any URL, live or deleted, has claimed the code.
  bool short_code_taken(std::string_view short_code) const;

  using Users = absl::btree_map<std::int64_t, User>;
  using Urls = UrlTable;
  using UrlIds = absl::btree_set<std::int64_t>;

  // Every live user and URL by ascending id, and the ids of one user's URLs (ascending).
  const Users& users() const { return users_; }
  const Urls& urls() const { return *urls_; }
  const UrlIds& url_ids_of(std::int64_t user_id) const;

  // 0 when there is none; new ids are chosen above these.
  std::int64_t highest_user_id() const { return highest_user_id_; }
  std::int64_t highest_url_id() const { return highest_url_id_; }

  // The keyed request whose event had this id, while it is remembered; else nullptr.
  const KeyedRequest* keyed_request(std::string_view event_id) const;

  std::size_t user_count() const { return users_.size(); }
  std::size_t url_count() const { return urls_->size(); }

 private:
  friend class Folder;
  friend class SnapshotCodec;

  // Looked up with a std::string_view. (Debian's Abseil has a string_view type of its own,
  // so its transparent string hash does not take std::string_view.)
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct TextEqual {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  };
  using Index = absl::flat_hash_map<std::string, std::int64_t, TextHash, TextEqual>;

  // The slots (url_table.h) of live URLs, found by short code. The code is kept once, in
  // its Url (the index would otherwise hold a second copy of every code: a third of a URL's
  // memory): a slot is hashed and compared through the URL it holds. Insert into urls_
  // before the index, erase from the index before urls_. The functors point at *urls_,
  // which lives on the heap so that the pointer holds when a State moves.
  using Slot = UrlTable::Slot;
  struct CodeHash {
    using is_transparent = void;
    const Urls* urls;
    std::size_t operator()(std::string_view code) const {
      return std::hash<std::string_view>{}(code);
    }
    std::size_t operator()(Slot slot) const { return (*this)(urls->at(slot).short_code); }
  };
  struct CodeEqual {
    using is_transparent = void;
    const Urls* urls;
    bool operator()(Slot a, Slot b) const { return a == b; }
    bool operator()(Slot slot, std::string_view code) const {
      return urls->at(slot).short_code == code;
    }
    bool operator()(std::string_view code, Slot slot) const { return (*this)(slot, code); }
  };
  using CodeIndex = absl::flat_hash_set<Slot, CodeHash, CodeEqual>;

  static CodeIndex empty_index(const Urls* urls) {
    return CodeIndex(0, CodeHash{urls}, CodeEqual{urls});
  }
  void rebuild_code_index();

  Users users_;
  Index user_id_by_email_;        // keys lower-cased
  Index user_count_by_username_;  // imported data may repeat a username
  absl::flat_hash_set<std::int64_t> deleted_user_ids_;
  std::unique_ptr<Urls> urls_;
  CodeIndex url_ids_by_short_code_;
  Index retired_short_codes_;  // codes of deleted URLs, which stay taken (with the URL's id)
  absl::flat_hash_map<std::int64_t, UrlIds> url_ids_by_user_;
  absl::flat_hash_set<std::int64_t> deleted_url_ids_;
  std::int64_t highest_user_id_ = 0;
  std::int64_t highest_url_id_ = 0;
  absl::flat_hash_map<std::string, KeyedRequest, TextHash, TextEqual> keyed_requests_;
  std::deque<std::string> keyed_request_order_;  // event ids, in log order (to forget)
};

// ASCII lower case, the key of the e-mail index.
std::string normalize_email(std::string_view email);

}  // namespace linkstream::schema
