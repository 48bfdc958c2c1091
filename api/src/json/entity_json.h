#pragma once
// Users and URLs in the contract's JSON shape (shared/API.md, docs/openapi.yaml).

#include <string>
#include <vector>

#include "domain/event_service.h"
#include "linkstream/schema/state.h"

namespace linkstream::api {

std::string user_json(const schema::User& user);
std::string url_json(const schema::Url& url);
std::string event_json(const EventRecord& event);

// A JSON array of entities.
std::string users_json(const std::vector<schema::User>& users);
std::string urls_json(const std::vector<schema::Url>& urls);

}  // namespace linkstream::api
