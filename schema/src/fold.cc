#include "linkstream/schema/fold.h"

#include <algorithm>

namespace linkstream::schema {

std::string_view describe(VoidReason reason) {
  switch (reason) {
    case VoidReason::kNone:
      return "accepted";
    case VoidReason::kUserIdTaken:
      return "user_id_taken";
    case VoidReason::kEmailTaken:
      return "email_taken";
    case VoidReason::kUsernameTaken:
      return "username_taken";
    case VoidReason::kUrlIdTaken:
      return "url_id_taken";
    case VoidReason::kShortCodeTaken:
      return "short_code_taken";
    case VoidReason::kUnknownUser:
      return "unknown_user";
    case VoidReason::kUnknownUrl:
      return "unknown_url";
    case VoidReason::kRepeatedRequest:
      return "repeated_request";
  }
  return "unknown";
}

namespace {

bool same_user(const User& a, const User& b) {
  return a.username == b.username && a.email == b.email && a.created_at == b.created_at;
}

bool same_url(const Url& a, const Url& b) {
  return a.user_id == b.user_id && a.short_code == b.short_code &&
         a.original_url == b.original_url && a.title == b.title && a.is_active == b.is_active &&
         a.created_at == b.created_at && a.updated_at == b.updated_at;
}

template <typename Index>
void release_one(Index& counts, const std::string& key) {
  auto it = counts.find(key);
  if (it != counts.end() && --it->second == 0) counts.erase(it);
}

}  // namespace

Verdict Folder::add_user(State& state, const User& user, bool is_import) {
  if (const auto* existing = state.user(user.id)) {
    // Importing what the log already holds changes nothing and is not a conflict.
    if (is_import && same_user(*existing, user)) return {};
  }
  // Checked in this order, so that a retried id conflict never hides a real conflict. An
  // imported row that differs from the user of its id is an id conflict, not an e-mail one.
  if (const auto* owner = state.user_by_email(user.email);
      owner && (!is_import || owner->id != user.id)) {
    return {VoidReason::kEmailTaken};
  }
  if (!is_import && state.username_taken(user.username)) {
    return {VoidReason::kUsernameTaken};
  }
  if (state.users_.contains(user.id) || state.deleted_user_ids_.contains(user.id)) {
    return {VoidReason::kUserIdTaken};
  }
  state.users_.emplace(user.id, user);
  state.user_id_by_email_.emplace(normalize_email(user.email), user.id);
  ++state.user_count_by_username_[user.username];
  state.highest_user_id_ = std::max(state.highest_user_id_, user.id);
  return {};
}

Verdict Folder::update_user(State& state, const UserUpdated& update) {
  auto it = state.users_.find(update.user_id);
  if (it == state.users_.end()) return {VoidReason::kUnknownUser};
  User& user = it->second;
  if (update.email && normalize_email(*update.email) != normalize_email(user.email) &&
      state.user_by_email(*update.email)) {
    return {VoidReason::kEmailTaken};
  }
  if (update.username && *update.username != user.username &&
      state.username_taken(*update.username)) {
    return {VoidReason::kUsernameTaken};
  }
  if (update.email) {
    state.user_id_by_email_.erase(normalize_email(user.email));
    user.email = *update.email;
    state.user_id_by_email_[normalize_email(user.email)] = user.id;
  }
  if (update.username) {
    release_one(state.user_count_by_username_, user.username);
    user.username = *update.username;
    ++state.user_count_by_username_[user.username];
  }
  return {};
}

Verdict Folder::delete_user(State& state, std::int64_t user_id) {
  auto it = state.users_.find(user_id);
  if (it == state.users_.end()) return {VoidReason::kUnknownUser};
  state.user_id_by_email_.erase(normalize_email(it->second.email));
  release_one(state.user_count_by_username_, it->second.username);
  state.users_.erase(it);
  state.deleted_user_ids_.insert(user_id);
  return {};
}

Verdict Folder::add_url(State& state, const Url& url) {
  if (const auto* existing = state.url(url.id); existing && same_url(*existing, url)) return {};
  if (auto it = state.url_ids_by_short_code_.find(std::string_view(url.short_code));
      it != state.url_ids_by_short_code_.end() && state.urls_->at(*it).id != url.id) {
    return {VoidReason::kShortCodeTaken};
  }
  if (auto it = state.retired_short_codes_.find(url.short_code);
      it != state.retired_short_codes_.end() && it->second != url.id) {
    return {VoidReason::kShortCodeTaken};
  }
  if (state.urls_->contains(url.id) || state.deleted_url_ids_.contains(url.id)) {
    return {VoidReason::kUrlIdTaken};
  }
  // Into the table before the index, which reads the code from there.
  state.url_ids_by_short_code_.insert(state.urls_->insert(url));
  state.url_ids_by_user_[url.user_id].insert(url.id);
  state.highest_url_id_ = std::max(state.highest_url_id_, url.id);
  return {};
}

Verdict Folder::update_url(State& state, const UrlUpdated& update) {
  Url* found = state.urls_->find(update.url_id);
  if (!found) return {VoidReason::kUnknownUrl};
  Url& url = *found;  // its code stays: the index need not change
  if (update.original_url) url.original_url = *update.original_url;
  if (update.title) url.title = *update.title;
  if (update.is_active) url.is_active = *update.is_active;
  url.updated_at = update.updated_at;
  return {};
}

Verdict Folder::delete_url(State& state, std::int64_t url_id) {
  const auto slot = state.urls_->slot_of(url_id);
  if (!slot) return {VoidReason::kUnknownUrl};
  const Url& url = state.urls_->at(*slot);
  auto owned = state.url_ids_by_user_.find(url.user_id);
  if (owned != state.url_ids_by_user_.end()) {
    owned->second.erase(url_id);
    if (owned->second.empty()) state.url_ids_by_user_.erase(owned);
  }
  // The code stays taken: it is never handed out again. Out of the index before the URL
  // goes (the index reads the code from it).
  state.url_ids_by_short_code_.erase(*slot);
  state.retired_short_codes_.emplace(url.short_code, url_id);
  state.urls_->erase(url_id);
  state.deleted_url_ids_.insert(url_id);
  return {};
}

Verdict Folder::apply(State& state, const Event& event) {
  if (event.request_digest && state.keyed_request(event.id)) return {VoidReason::kRepeatedRequest};
  const auto verdict = apply_body(state, event);
  if (event.request_digest && verdict.accepted()) remember_keyed_request(state, event);
  return verdict;
}

void Folder::remember_keyed_request(State& state, const Event& event) {
  // Only creates and imported rows take a key (a retried update or delete is harmless):
  // what they created.
  std::int64_t entity_id = 0;
  if (const auto* user = std::get_if<UserRegistered>(&event.body)) entity_id = user->user_id;
  if (const auto* user = std::get_if<UserImported>(&event.body)) entity_id = user->user_id;
  if (const auto* url = std::get_if<UrlCreated>(&event.body)) entity_id = url->url_id;
  if (const auto* url = std::get_if<UrlImported>(&event.body)) entity_id = url->url_id;
  if (entity_id == 0) return;
  state.keyed_requests_.emplace(event.id,
                                KeyedRequest{*event.request_digest, entity_id, event.occurred_at});
  state.keyed_request_order_.push_back(event.id);
  // Forgotten a day (of the log's own time, so every reader forgets the same) after.
  const auto horizon = event.occurred_at - State::kKeyedRequestLifetime;
  while (!state.keyed_request_order_.empty()) {
    const auto oldest = state.keyed_requests_.find(state.keyed_request_order_.front());
    if (oldest != state.keyed_requests_.end() && oldest->second.occurred_at >= horizon) break;
    if (oldest != state.keyed_requests_.end()) state.keyed_requests_.erase(oldest);
    state.keyed_request_order_.pop_front();
  }
}

Verdict Folder::apply_body(State& state, const Event& event) {
  return std::visit(
      [&state](const auto& e) -> Verdict {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, UserRegistered> || std::is_same_v<T, UserImported>) {
          return add_user(state,
                          User{.id = e.user_id,
                               .username = e.username,
                               .email = e.email,
                               .created_at = e.created_at},
                          std::is_same_v<T, UserImported>);
        } else if constexpr (std::is_same_v<T, UserUpdated>) {
          return update_user(state, e);
        } else if constexpr (std::is_same_v<T, UserDeleted>) {
          return delete_user(state, e.user_id);
        } else if constexpr (std::is_same_v<T, UrlCreated> || std::is_same_v<T, UrlImported>) {
          Url url{.id = e.url_id,
                  .user_id = e.user_id,
                  .short_code = e.short_code,
                  .original_url = e.original_url,
                  .title = e.title,
                  .is_active = e.is_active,
                  .created_at = e.created_at,
                  .updated_at = e.created_at};
          // An imported URL keeps its file's last change; a new one was last changed now.
          if constexpr (std::is_same_v<T, UrlImported>) url.updated_at = e.updated_at;
          return add_url(state, url);
        } else if constexpr (std::is_same_v<T, UrlUpdated>) {
          return update_url(state, e);
        } else if constexpr (std::is_same_v<T, UrlDeleted>) {
          return delete_url(state, e.url_id);
        } else {
          // Clicks, recorded or imported events and webhooks record what happened or what
          // a client asked for; no entity changes.
          return {};
        }
      },
      event.body);
}

}  // namespace linkstream::schema
