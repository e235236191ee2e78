#pragma once
// What a report says about a profile: how many syscalls it allows, how many of them the runtime
// needs whatever the app does (runtime_baseline.h) and how many more the app made, and how many
// the engine's default profile allows, counted the same way (engine_default.h). Which of the
// runtime's the app made too is not known: in full mode the sensor does not see them
// (protocol::TraceArgs::granted).

#include <cstddef>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "seccomp/engine_default.h"
#include "seccomp/profile.h"

namespace minify::seccomp {

struct ProfileSummary {
  std::filesystem::path path;  // where the profile was written
  std::string arch;
  std::size_t allowed = 0;
  std::size_t runtime = 0;   // the runtime's baseline (on this architecture), all allowed
  std::size_t observed = 0;  // the rest: allowed because the app made them
  std::optional<EngineDefault> engine_default;          // nullopt: its default.json was not found
  DefaultProfileOf engine = DefaultProfileOf::kDocker;  // whose default it is
};

ProfileSummary summarize(const Profile& profile, const std::filesystem::path& path,
                         std::optional<EngineDefault> engine_default,
                         DefaultProfileOf engine = DefaultProfileOf::kDocker);

// "seccomp profile app.json allows 68 syscalls (35 the runtime needs, 33 more the app made);
// Docker's default profile allows 292" (or Podman's, whichever engine ran the app)
std::string describe(const ProfileSummary& summary);

// {"path", "arch", "allowed", "observed" (allowed beyond the runtime's: the app made them),
//  "engine": "Docker" or "Podman" (whose default),
//  "engine_default": {"engine", "allowed", "source"} or null when its file was not found}
nlohmann::json to_json(const ProfileSummary& summary);

// The Engine API's HostConfig.SecurityOpt entry that runs a container under the profile: the
// profile's JSON inline, as `docker run --security-opt seccomp=FILE` sends it to Docker.
std::string security_opt(const Profile& profile);
// The same for Podman, whose compatible API reads the value as a path on the engine's host (it
// has no inline form): "seccomp=<absolute path of the written profile>".
std::string security_opt_path(const std::filesystem::path& written_profile);

}  // namespace minify::seccomp
