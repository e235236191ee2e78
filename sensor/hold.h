#pragma once
// The sensor holds: its work is done, and the container stays up until the host removes it (a
// forced removal: SIGKILL). The host then copies what it needs out of a running container, whose
// root is mounted already, rather than wait for the exit to be processed (the engine's clean-up
// of a container: 0.1-0.15 s here) and for a stopped container's root to be mounted for each copy.
// `sensor pack --hold`: once the tar and the summary are done, announced by a line on stdout.
// Trace mode's --hold: once a stop signal ended the app and the final record is written, which
// its own path announces (protocol::TraceArgs::hold).

#include <string_view>

namespace minify::sensor {

// Blocks the stop signals (SIGTERM, SIGINT, SIGHUP, SIGQUIT), then prints `line` and a newline
// on stdout, flushed: a stop sent the moment the host reads the line is queued for hold(), not
// dropped nor taken by a handler. Throws std::runtime_error when stdout cannot be written (nobody
// would hear it). Call it with no other thread running.
void announce(std::string_view line);

// Blocks the stop signals (if announce() has not), then sleeps (no polling) until one arrives;
// SIGKILL ends it at once. The signals are blocked and taken with sigwait: as a container's PID 1
// the sensor would not be sent a signal it neither handles nor blocks, so a `docker stop` would
// otherwise wait out its grace for the SIGKILL. Call it with no other thread running.
void hold();

}  // namespace minify::sensor
