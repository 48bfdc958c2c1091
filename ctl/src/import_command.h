#pragma once
// linkstreamctl import FILE...: the hackathon's three CSV formats (users, URLs, events),
// sent to the api's bulk routes a thousand rows at a time, with a progress bar and a
// summary. Which route a file goes to is read off its header; users go first, then URLs,
// then events (a URL's owner and an event's URL must exist before it).
//
// Every piece carries an Idempotency-Key made from its content, so an import interrupted
// and run again (or a piece answered 503, sent again) appends only the rows that did not
// make it; a piece answered 429, 502 or 503 is sent again (with the same key).

#include <string>
#include <vector>

namespace linkstream::ctl {

// Returns the exit code: 0 every row imported, 1 some rows refused or a file unreadable,
// 2 a usage error.
int run_import(const std::string& api_url, const std::vector<std::string>& files);

}  // namespace linkstream::ctl
