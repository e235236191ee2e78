#pragma once
// `sensor pack --hold`: the pack is done, and the container stays up. The host follows the
// container's stdout for the done line and then copies the tar and the summary out of the
// running container, whose root is mounted already: it waits neither for the exit to be
// processed nor for a stopped container's root to be mounted for each copy. The host ends the
// container when it is done with it (a forced removal: SIGKILL).

#include <string_view>

namespace minify::sensor {

// Blocks the stop signals (SIGTERM, SIGINT, SIGHUP, SIGQUIT), then prints `line` and a newline
// on stdout, flushed. Blocked first: a stop sent the moment the host reads the line is queued,
// not dropped. Throws std::runtime_error when stdout cannot be written (nobody would hear it).
// Call it with no other thread running.
void announce(std::string_view line);

// Sleeps (no polling) until one of the signals announce() blocked arrives, and returns 0; SIGKILL
// ends it at once. The signals are blocked and taken with sigwait: as a container's PID 1 the
// sensor would not be sent a signal it neither handles nor blocks, so a `docker stop` would
// otherwise wait out its grace for the SIGKILL.
int hold();

}  // namespace minify::sensor
