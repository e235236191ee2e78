#include "pipeline/seccomp_stage.h"

#include <stdexcept>

#include "errors/usage_error.h"
#include "seccomp/engine_default.h"
#include "seccomp/profile.h"

namespace minify::pipeline {

void check_profile_destination(const std::filesystem::path& path) {
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(dir))
    throw UsageError(path.string() + ": no directory " + dir.string());
}

SeccompOutcome write_seccomp_profile(const engine::Engine& engine, const record::Record& record,
                                     const std::filesystem::path& path) {
  const seccomp::Profile profile = seccomp::profile_from_record(record);
  seccomp::write_profile(profile, path);
  const engine::EngineVersion version = engine.version();
  const bool podman = version.kind == engine::EngineKind::kPodman;
  const auto whose =
      podman ? seccomp::DefaultProfileOf::kPodman : seccomp::DefaultProfileOf::kDocker;
  return {seccomp::summarize(profile, path,
                             seccomp::engine_default(profile.arch, version.kernel_version, whose),
                             whose),
          // Podman takes no inline profile (docs/engines.md): it reads the file minify wrote.
          podman ? seccomp::security_opt_path(path) : seccomp::security_opt(profile)};
}

}  // namespace minify::pipeline
