#pragma once
// `--seccomp FILE` of `minify build` and `minify profile`: asks the pipeline for a "full" analysis
// run, writes the profile from its record (lib/seccomp) before verify, has verify run the images
// under it, and reports how many syscalls it allows against the engine's default profile.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/engine_client.h"
#include "pipeline/build_options.h"
#include "seccomp/profile_summary.h"

namespace minify::cli {

class SeccompOption {
 public:
  SeccompOption(const engine::EngineClient& engine, std::filesystem::path path);

  // Sets the sensor's "full" mode and the hook that writes the profile once the record is in.
  // This object must outlive the run_build() call.
  void apply(pipeline::BuildOptions& options);

  // After run_build: "seccomp profile FILE allows N syscalls (...); the engine's default ... M".
  std::string describe() const;
  // Adds the "seccomp" member (seccomp::to_json) to the JSON report.
  void add_to(nlohmann::json& report) const;

 private:
  const engine::EngineClient& engine_;
  std::filesystem::path path_;
  std::optional<seccomp::ProfileSummary> summary_;
};

}  // namespace minify::cli
