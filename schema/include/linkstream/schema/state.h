#pragma once
// What the log says exists: users and URLs, as of some position in the log.
//
// A State is changed only by fold() (fold.h), so every reader that folds the same events
// in the same order holds the same State. Lookups by code and e-mail are O(1), by id
// O(log n); listings walk ids in ascending order. Not thread-safe: the api's view guards
// it with a lock; the projector owns one on its own thread.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "linkstream/schema/timestamp.h"

namespace linkstream::schema {

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string email;
  Timestamp created_at{};
};

struct Url {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string short_code;
  std::string original_url;
  std::optional<std::string> title;
  bool is_active = true;
  Timestamp created_at{};
  Timestamp updated_at{};
};

class State {
 public:
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

  // Every live user and URL by ascending id, and the ids of one user's URLs.
  const std::map<std::int64_t, User>& users() const { return users_; }
  const std::map<std::int64_t, Url>& urls() const { return urls_; }
  const std::set<std::int64_t>& url_ids_of(std::int64_t user_id) const;

  // 0 when there is none; new ids are chosen above these.
  std::int64_t highest_user_id() const { return highest_user_id_; }
  std::int64_t highest_url_id() const { return highest_url_id_; }

  std::size_t user_count() const { return users_.size(); }
  std::size_t url_count() const { return urls_.size(); }

 private:
  friend class Folder;
  friend class SnapshotCodec;

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, std::int64_t, StringHash, std::equal_to<>>;

  std::map<std::int64_t, User> users_;
  Index user_id_by_email_;        // keys lower-cased
  Index user_count_by_username_;  // imported data may repeat a username
  std::unordered_set<std::int64_t> deleted_user_ids_;
  std::map<std::int64_t, Url> urls_;
  Index url_id_by_short_code_;  // deleted URLs keep their code here
  std::map<std::int64_t, std::set<std::int64_t>> url_ids_by_user_;
  std::unordered_set<std::int64_t> deleted_url_ids_;
  std::int64_t highest_user_id_ = 0;
  std::int64_t highest_url_id_ = 0;
};

// ASCII lower case, the key of the e-mail index.
std::string normalize_email(std::string_view email);

}  // namespace linkstream::schema
