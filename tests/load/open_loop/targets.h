#pragma once
// The requests a load is made of, read from a file of one request per line:
//
//   label <TAB> METHOD <TAB> path [<TAB> JSON body]
//
// The label names a kind of request (redirect, read, create) so that the report gives
// each kind its own latencies. Requests are formatted once, when the file is read: the
// generator's cost per request is then a copy, whatever the number of distinct targets.

#include <string>
#include <vector>

namespace linkstream::load {

struct Target {
  std::size_t label = 0;  // index into Targets::labels
  std::string request;    // the bytes to send
};

struct Targets {
  std::vector<std::string> labels;
  std::vector<Target> requests;
};

// Throws std::runtime_error naming the file and line when a line is not of that form.
Targets read_targets(const std::string& file, const std::string& host);

}  // namespace linkstream::load
