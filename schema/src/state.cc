#include "linkstream/schema/state.h"

namespace linkstream::schema {

std::string normalize_email(std::string_view email) {
  std::string key(email);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

const User* State::user(std::int64_t id) const {
  auto it = users_.find(id);
  return it == users_.end() ? nullptr : &it->second;
}

const User* State::user_by_email(std::string_view email) const {
  auto it = user_id_by_email_.find(normalize_email(email));
  return it == user_id_by_email_.end() ? nullptr : user(it->second);
}

bool State::username_taken(std::string_view username) const {
  return user_count_by_username_.find(username) != user_count_by_username_.end();
}

const Url* State::url(std::int64_t id) const {
  auto it = urls_.find(id);
  return it == urls_.end() ? nullptr : &it->second;
}

const Url* State::url_by_short_code(std::string_view short_code) const {
  auto it = url_id_by_short_code_.find(short_code);
  return it == url_id_by_short_code_.end() ? nullptr : url(it->second);
}

bool State::short_code_taken(std::string_view short_code) const {
  return url_id_by_short_code_.find(short_code) != url_id_by_short_code_.end();
}

const std::set<std::int64_t>& State::url_ids_of(std::int64_t user_id) const {
  static const std::set<std::int64_t> kNone;
  auto it = url_ids_by_user_.find(user_id);
  return it == url_ids_by_user_.end() ? kNone : it->second;
}

}  // namespace linkstream::schema
