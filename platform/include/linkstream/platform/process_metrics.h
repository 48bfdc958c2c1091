#pragma once
// Metrics every linkstream process exports beside its own: the standard process_* family
// (CPU seconds, resident and virtual memory, open and maximum file descriptors, start
// time, read from /proc/self at each scrape) and linkstream_build_info, which says which
// build of which component answers.

#include <prometheus/collectable.h>

#include <memory>
#include <string>

namespace linkstream::platform {

// Collected at each scrape; register it with the registry's Exposer or serializer.
std::shared_ptr<prometheus::Collectable> process_metrics();

// linkstream_build_info{component, version, revision} 1.
std::shared_ptr<prometheus::Collectable> build_info(const std::string& component);

}  // namespace linkstream::platform
