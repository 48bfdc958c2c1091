#pragma once
// Progress of a long command on stderr: a bar redrawn in place on a terminal, a plain line
// at most once a second otherwise (a log file, CI).

#include <chrono>
#include <cstddef>
#include <string>

namespace linkstream::ctl {

class ProgressBar {
 public:
  ProgressBar(std::string what, std::size_t total);
  // Shows `done` of the total; `force` draws even within a second of the last line.
  void show(std::size_t done, bool force = false);
  // Shows `done` once more and ends the bar's line.
  void finish(std::size_t done);

 private:
  std::string what_;
  std::size_t total_;
  bool terminal_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
  std::size_t shown_ = 0;
  bool shown_any_ = false;
};

// "[#########...........]  45%" for `done` of `total`, `width` characters between the brackets.
std::string progress_text(std::size_t done, std::size_t total, std::size_t width);

}  // namespace linkstream::ctl
