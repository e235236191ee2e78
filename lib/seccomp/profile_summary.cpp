#include "seccomp/profile_summary.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace minify::seccomp {

ProfileSummary summarize(const Profile& profile, const std::filesystem::path& path,
                         std::optional<EngineDefault> engine_default) {
  return {path, profile.arch.name, profile.allowed.size(), profile.observed.size(),
          std::move(engine_default)};
}

std::string describe(const ProfileSummary& s) {
  std::string text = fmt::format(
      "seccomp profile {} allows {} syscalls ({} made by the app, {} more for the runtime)",
      s.path.string(), s.allowed, s.observed, s.allowed - s.observed);
  if (s.engine_default) {
    text += fmt::format("; the engine's default profile allows {}", s.engine_default->allowed);
  } else {
    text +=
        "; the engine's default profile was not found to count (scripts/install-deps installs it)";
  }
  return text;
}

nlohmann::json to_json(const ProfileSummary& s) {
  nlohmann::json engine_default = nullptr;
  if (s.engine_default) {
    engine_default = {{"allowed", s.engine_default->allowed},
                      {"source", s.engine_default->source.string()}};
  }
  return {{"path", s.path.string()},
          {"arch", s.arch},
          {"allowed", s.allowed},
          {"observed", s.observed},
          {"engine_default", engine_default}};
}

std::string security_opt(const Profile& profile) {
  return "seccomp=" + to_docker_json(profile).dump();
}

}  // namespace minify::seccomp
