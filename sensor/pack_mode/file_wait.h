#pragma once
// Waiting for a file to appear, for `sensor pack --await`: the pack container starts while the
// app still runs under the sensor in another container, and learns that the record is whole when
// the host copies a marker in after it. inotify rather than polling: the closure starts the
// moment the marker lands, and nothing spins meanwhile.

#include <string>

namespace minify::sensor {

// Returns once `path` exists (at once when it already does). Waits without a limit: the host
// removes the container when it no longer needs it. Throws std::runtime_error when the path's
// directory cannot be watched.
void wait_for_file(const std::string& path);

}  // namespace minify::sensor
