#pragma once
// `sensor pack --hold`: the pack is done, and the container stays up. The host follows the
// container's stdout for the done line and then copies the tar and the summary out of the
// running container, whose root is mounted already: it waits neither for the exit to be
// processed nor for a stopped container's root to be mounted for each copy. The host ends the
// container when it is done with it (a forced removal: SIGKILL).

#include <string_view>

namespace minify::sensor {

// Prints `line` and a newline on stdout, flushed, then sleeps (no polling) until SIGTERM, SIGINT,
// SIGHUP or SIGQUIT arrives, and returns 0; SIGKILL ends it at once. The signals are blocked and
// taken with sigwait: as a container's PID 1 the sensor would not be sent a signal it neither
// handles nor blocks, so a `docker stop` would otherwise wait out its grace for the SIGKILL.
// Returns 1, with a message on stderr, when stdout cannot be written (nobody would hear it).
// Call it with no other thread running.
int announce_and_hold(std::string_view line);

}  // namespace minify::sensor
