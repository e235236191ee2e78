#include "minify/seccomp_option.h"

#include <CLI/CLI.hpp>

#include "seccomp/engine_default.h"
#include "seccomp/profile.h"

namespace minify::cli {

SeccompOption::SeccompOption(const engine::EngineClient& engine, std::filesystem::path path)
    : engine_(engine), path_(std::move(path)) {
  // Fail before the analysis run rather than after it.
  const auto dir = path_.has_parent_path() ? path_.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(dir))
    throw CLI::ValidationError("--seccomp", path_.string() + ": no directory " + dir.string());
}

void SeccompOption::apply(pipeline::BuildOptions& options) {
  // Only a "full" record lists every syscall; "files" mode sees the path syscalls alone.
  options.sensor_mode = "full";
  options.verify_under = [this](const record::Record& record) {
    const seccomp::Profile profile = seccomp::profile_from_record(record);
    seccomp::write_profile(profile, path_);
    summary_ = seccomp::summarize(
        profile, path_, seccomp::engine_default(profile.arch, engine_.version().kernel_version));
    return std::vector<std::string>{seccomp::security_opt(profile)};
  };
}

std::string SeccompOption::describe() const {
  return summary_ ? seccomp::describe(*summary_) : "no seccomp profile was written";
}

void SeccompOption::add_to(nlohmann::json& report) const {
  if (summary_) report["seccomp"] = seccomp::to_json(*summary_);
}

}  // namespace minify::cli
