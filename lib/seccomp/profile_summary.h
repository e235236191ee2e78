#pragma once
// What a report says about a profile: how many syscalls it allows, how many of them the app made,
// and how many the engine's default profile allows, counted the same way (engine_default.h).

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
  std::size_t observed = 0;                     // made by the app
  std::optional<EngineDefault> engine_default;  // nullopt: its default.json was not found
};

ProfileSummary summarize(const Profile& profile, const std::filesystem::path& path,
                         std::optional<EngineDefault> engine_default);

// "seccomp profile app.json allows 68 syscalls (46 made by the app, 22 more for the runtime); the
// engine's default profile allows 292"
std::string describe(const ProfileSummary& summary);

// {"path", "arch", "allowed", "observed", "engine_default": {"allowed", "source"} or null}
nlohmann::json to_json(const ProfileSummary& summary);

// The Engine API's HostConfig.SecurityOpt entry that runs a container under the profile: the
// profile's JSON inline, as `docker run --security-opt seccomp=FILE` sends it.
std::string security_opt(const Profile& profile);

}  // namespace minify::seccomp
