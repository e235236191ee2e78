#pragma once
// Internal to lib/pipeline: the seccomp stage (`minify profile`, `minify build --seccomp`). From
// the record of a "full" analysis run (every syscall the app made), writes a Docker seccomp
// profile (lib/seccomp), and says under which security option verify runs the images with it
// and how many syscalls it allows against the engine's default profile.

#include <filesystem>
#include <string>

#include "engine/engine.h"
#include "protocol/sensor_protocol.h"
#include "record/record.h"
#include "seccomp/profile_summary.h"

namespace minify::pipeline {

// The sensor mode whose record lists every syscall; "files" mode sees the path syscalls alone.
inline constexpr protocol::TraceMode kSeccompTraceMode = protocol::TraceMode::kFull;

// Throws UsageError ("FILE: no directory DIR") when the profile cannot be written
// there: checked before the analysis run rather than after it.
void check_profile_destination(const std::filesystem::path& path);

struct SeccompOutcome {
  seccomp::ProfileSummary summary;
  // HostConfig.SecurityOpt entry: "seccomp=<the profile's JSON>" for Docker, "seccomp=<its
  // absolute path>" for Podman (which reads it from the engine's host: a local engine).
  std::string security_opt;
};

// Writes the profile of `record` to `path` (compiled with libseccomp first: a name it rejects is
// an error naming it) and counts the default profile of the engine (Docker's or Podman's, as it
// says it is) for the engine's kernel.
SeccompOutcome write_seccomp_profile(const engine::Engine& engine, const record::Record& record,
                                     const std::filesystem::path& path);

}  // namespace minify::pipeline
