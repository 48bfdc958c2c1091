#include "progress_bar.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace linkstream::ctl {

std::string progress_text(std::size_t done, std::size_t total, std::size_t width) {
  const double fraction =
      total == 0 ? 1.0 : static_cast<double>(std::min(done, total)) / static_cast<double>(total);
  const auto filled = static_cast<std::size_t>(fraction * static_cast<double>(width));
  char percent[8];
  std::snprintf(percent, sizeof percent, "%4d%%", static_cast<int>(fraction * 100));
  return "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]" + percent;
}

ProgressBar::ProgressBar(std::string what, std::size_t total)
    : what_(std::move(what)), total_(total), terminal_(isatty(STDERR_FILENO) == 1) {}

void ProgressBar::show(std::size_t done, bool force) {
  const auto now = std::chrono::steady_clock::now();
  const auto interval = terminal_ ? std::chrono::milliseconds(100) : std::chrono::seconds(1);
  if (!force && now - last_ < interval) return;
  last_ = now;
  shown_ = done;
  shown_any_ = true;
  const auto seconds = std::chrono::duration<double>(now - started_).count();
  const auto rate = seconds > 0 ? static_cast<long long>(static_cast<double>(done) / seconds) : 0;
  std::cerr << (terminal_ ? "\r" : "") << what_ << " " << progress_text(done, total_, 30) << " "
            << done << "/" << total_ << " rows, " << rate << "/s" << (terminal_ ? "" : "\n")
            << std::flush;
}

void ProgressBar::finish(std::size_t done) {
  if (!shown_any_ || shown_ != done) show(done, true);
  if (terminal_) std::cerr << std::endl;
}

}  // namespace linkstream::ctl
