#pragma once
// Every event carries a random UUID (version 4) of its own. It is how a waiting writer
// recognises its event in the log, and how the projector recognises a click shipped twice.

#include <string>

namespace linkstream::schema {

// A new random UUID in lower-case 8-4-4-4-12 form. Thread-safe.
std::string new_event_id();

}  // namespace linkstream::schema
