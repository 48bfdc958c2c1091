#pragma once
// Users and URLs in the contract's JSON shape (shared/API.md, docs/openapi.yaml).

#include <string>
#include <vector>

#include "linkstream/schema/state.h"

namespace linkstream::api {

std::string user_json(const schema::User& user);
std::string url_json(const schema::Url& url);

}  // namespace linkstream::api
