#pragma once
// An entity read from the view, or, when the view does not have it, read again once the
// view has caught up with the log (it may have been created through another replica a
// moment ago; view/fold_barrier.h). `answer` gets what the second look found.

#include <utility>

#include "view/fold_barrier.h"

namespace linkstream::api {

template <typename Find, typename Answer>
void find_or_wait(FoldBarrier& barrier, Find find, Answer answer) {
  auto found = find();
  if (found) return answer(found);
  barrier.wait_for_log_end(
      FoldBarrier::kMissBudget,
      [find = std::move(find), answer = std::move(answer)](bool) { answer(find()); });
}

}  // namespace linkstream::api
