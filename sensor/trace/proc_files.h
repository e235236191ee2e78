#pragma once
// Small reads from /proc without iostreams: the tracer calls these on hot paths.

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace minify::sensor {

// The target of symlink `path` in `out`; false when it cannot be read.
bool read_link(const char* path, std::string& out);
// The whole content of a small file (a /proc entry) in `out`; false when it cannot be read.
bool read_small_file(const char* path, std::string& out);
// The signals process `pid` has a handler for ("SigCgt:" of /proc/PID/status: bit sig - 1), or
// nothing when it cannot be read (the process is gone).
std::optional<std::uint64_t> caught_signals(pid_t pid);

}  // namespace minify::sensor
