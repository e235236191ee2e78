#pragma once
// The minify binary under test (build/minify, next to the sensor it copies into containers), run
// as a user or a CI job runs it.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/process.h"

namespace minify::test {

// The path of build/minify.
std::string minify_binary();

// Runs `minify ARGS...` (no shell) to its end; see run_process for `on_running`.
ProcessResult run_minify(const std::vector<std::string>& args, const OnRunning& on_running = {});

// `minify build IMAGE --tag TAG --report FILE ARGS...`: its outcome and the JSON report it wrote
// (a build that succeeded, or one whose check failed: exit 3), null when it wrote none. FILE is a
// temporary file, removed.
struct BuildRun {
  ProcessResult outcome;
  nlohmann::json report;
};
BuildRun run_minify_build(const std::string& image, const std::string& tag,
                          const std::vector<std::string>& args = {});

// Whether a build report's kept_paths names `path`.
bool report_keeps(const nlohmann::json& report, const std::string& path);

}  // namespace minify::test
