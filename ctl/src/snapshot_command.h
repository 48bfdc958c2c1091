#pragma once
// linkstreamctl snapshot: the files an api replica starts from (schema/snapshot.h).
//
//   snapshot inspect [FILE...]   what a snapshot holds and how far behind the log it is
//                                (every replica's, in LINKSTREAM_STATE_DIR/snapshots, by default)
//   snapshot write FILE          folds linkstream.users and linkstream.urls from offset 0 to
//                                their end into a snapshot, written atomically: a new replica
//                                given it as its snapshot file starts without folding the log

#include <string>
#include <vector>

#include "settings.h"

namespace linkstream::ctl {

int run_snapshot(const Settings& settings, const std::vector<std::string>& arguments);

}  // namespace linkstream::ctl
