#include "settings.h"

#include "linkstream/platform/environment.h"

namespace linkstream::ctl {

Settings Settings::from_environment() {
  Settings settings;
  settings.projector = projector::Config::from_environment();
  settings.api_url = platform::env_string("LINKSTREAM_API_URL", settings.api_url);
  settings.state_dir = platform::env_string("LINKSTREAM_STATE_DIR", "");
  return settings;
}

}  // namespace linkstream::ctl
