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
  }
  return "unknown";
}

Verdict Folder::apply(State& state, const Event& event) {
  if (const auto* e = std::get_if<UserRegistered>(&event.body)) {
    // Checked in this order, so that a retried id conflict never hides a real conflict.
    if (state.user_by_email(e->email)) return {VoidReason::kEmailTaken};
    if (state.username_taken(e->username)) return {VoidReason::kUsernameTaken};
    if (state.users_.contains(e->user_id)) return {VoidReason::kUserIdTaken};
    state.users_.emplace(e->user_id, User{.id = e->user_id,
                                          .username = e->username,
                                          .email = e->email,
                                          .created_at = e->created_at});
    state.user_id_by_email_.emplace(normalize_email(e->email), e->user_id);
    ++state.user_count_by_username_[e->username];
    state.highest_user_id_ = std::max(state.highest_user_id_, e->user_id);
    return {};
  }
  if (const auto* e = std::get_if<UrlCreated>(&event.body)) {
    if (state.url_id_by_short_code_.contains(e->short_code)) return {VoidReason::kShortCodeTaken};
    if (state.urls_.contains(e->url_id)) return {VoidReason::kUrlIdTaken};
    state.urls_.emplace(e->url_id, Url{.id = e->url_id,
                                       .user_id = e->user_id,
                                       .short_code = e->short_code,
                                       .original_url = e->original_url,
                                       .title = e->title,
                                       .is_active = e->is_active,
                                       .created_at = e->created_at,
                                       .updated_at = e->created_at});
    state.url_id_by_short_code_.emplace(e->short_code, e->url_id);
    state.highest_url_id_ = std::max(state.highest_url_id_, e->url_id);
    return {};
  }
  // ClickRecorded: a record of what happened; it changes no entity.
  return {};
}

}  // namespace linkstream::schema
