#include "seccomp/profile_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "seccomp/runtime_baseline.h"

namespace minify::seccomp {

ProfileSummary summarize(const Profile& profile, const std::filesystem::path& path,
                         std::optional<EngineDefault> engine_default, DefaultProfileOf engine) {
  // Every profile allows the baseline; everything else it allows, the app made.
  std::size_t runtime = 0;
  for (const auto& name : runtime_baseline())
    if (std::binary_search(profile.allowed.begin(), profile.allowed.end(), name)) ++runtime;
  return {path,
          profile.arch.name,
          profile.allowed.size(),
          runtime,
          profile.allowed.size() - runtime,
          std::move(engine_default),
          engine};
}

std::string describe(const ProfileSummary& s) {
  std::string text = fmt::format(
      "seccomp profile {} allows {} syscalls ({} the runtime needs, {} more the app made)",
      s.path.string(), s.allowed, s.runtime, s.observed);
  const std::string_view engine = engine_name(s.engine);
  if (s.engine_default) {
    text += fmt::format("; {}'s default profile allows {}", engine, s.engine_default->allowed);
  } else if (s.engine == DefaultProfileOf::kPodman) {
    text += fmt::format("; Podman's default profile is not known (no {} on this machine)",
                        kPodmanDefaultProfile);
  } else {
    text += "; Docker's default profile was not found to count (scripts/install-deps installs it)";
  }
  return text;
}

nlohmann::json to_json(const ProfileSummary& s) {
  nlohmann::json engine_default = nullptr;
  if (s.engine_default) {
    engine_default = {{"engine", engine_name(s.engine)},
                      {"allowed", s.engine_default->allowed},
                      {"source", s.engine_default->source.string()}};
  }
  return {{"path", s.path.string()},
          {"arch", s.arch},
          {"allowed", s.allowed},
          {"observed", s.observed},
          {"engine", engine_name(s.engine)},
          {"engine_default", engine_default}};
}

std::string security_opt(const Profile& profile) {
  return "seccomp=" + to_docker_json(profile).dump();
}

std::string security_opt_path(const std::filesystem::path& written_profile) {
  return "seccomp=" + std::filesystem::absolute(written_profile).lexically_normal().string();
}

}  // namespace minify::seccomp
