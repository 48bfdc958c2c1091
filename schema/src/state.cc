#include "linkstream/schema/state.h"

#include <utility>

namespace linkstream::schema {

std::string normalize_email(std::string_view email) {
  std::string key(email);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

State::State()
    : urls_(std::make_unique<Urls>()), url_ids_by_short_code_(empty_index(urls_.get())) {}

State::State(const State& other)
    : users_(other.users_),
      user_id_by_email_(other.user_id_by_email_),
      user_count_by_username_(other.user_count_by_username_),
      deleted_user_ids_(other.deleted_user_ids_),
      urls_(std::make_unique<Urls>(*other.urls_)),
      url_ids_by_short_code_(empty_index(urls_.get())),
      retired_short_codes_(other.retired_short_codes_),
      url_ids_by_user_(other.url_ids_by_user_),
      deleted_url_ids_(other.deleted_url_ids_),
      highest_user_id_(other.highest_user_id_),
      highest_url_id_(other.highest_url_id_),
      keyed_requests_(other.keyed_requests_),
      keyed_request_order_(other.keyed_request_order_) {
  rebuild_code_index();
}

State& State::operator=(const State& other) {
  if (this != &other) *this = State(other);
  return *this;
}

State::State(State&& other) noexcept : State() {
  *this = std::move(other);
}

State& State::operator=(State&& other) noexcept {
  if (this == &other) return *this;
  users_ = std::move(other.users_);
  user_id_by_email_ = std::move(other.user_id_by_email_);
  user_count_by_username_ = std::move(other.user_count_by_username_);
  deleted_user_ids_ = std::move(other.deleted_user_ids_);
  // The index's functors point at the Urls they came with: both move together, and the
  // moved-from State gets this one's (emptied) Urls and index back.
  std::swap(urls_, other.urls_);
  std::swap(url_ids_by_short_code_, other.url_ids_by_short_code_);
  other.urls_->clear();
  other.url_ids_by_short_code_.clear();
  retired_short_codes_ = std::move(other.retired_short_codes_);
  url_ids_by_user_ = std::move(other.url_ids_by_user_);
  deleted_url_ids_ = std::move(other.deleted_url_ids_);
  highest_user_id_ = std::exchange(other.highest_user_id_, 0);
  highest_url_id_ = std::exchange(other.highest_url_id_, 0);
  keyed_requests_ = std::move(other.keyed_requests_);
  keyed_request_order_ = std::move(other.keyed_request_order_);
  other.keyed_requests_.clear();
  other.keyed_request_order_.clear();
  other.users_.clear();
  other.user_id_by_email_.clear();
  other.user_count_by_username_.clear();
  other.deleted_user_ids_.clear();
  other.retired_short_codes_.clear();
  other.url_ids_by_user_.clear();
  other.deleted_url_ids_.clear();
  return *this;
}

State::~State() = default;

const KeyedRequest* State::keyed_request(std::string_view event_id) const {
  const auto it = keyed_requests_.find(event_id);
  return it == keyed_requests_.end() ? nullptr : &it->second;
}

void State::rebuild_code_index() {
  url_ids_by_short_code_.clear();
  url_ids_by_short_code_.reserve(urls_->size());
  for (auto it = urls_->begin(); it != urls_->end(); ++it) url_ids_by_short_code_.insert(it.slot());
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
  return urls_->find(id);
}

const Url* State::url_by_short_code(std::string_view short_code) const {
  const auto it = url_ids_by_short_code_.find(short_code);
  return it == url_ids_by_short_code_.end() ? nullptr : &urls_->at(*it);
}

bool State::short_code_taken(std::string_view short_code) const {
  return url_ids_by_short_code_.contains(short_code) || retired_short_codes_.contains(short_code);
}

const State::UrlIds& State::url_ids_of(std::int64_t user_id) const {
  static const UrlIds kNone;
  auto it = url_ids_by_user_.find(user_id);
  return it == url_ids_by_user_.end() ? kNone : it->second;
}

}  // namespace linkstream::schema
