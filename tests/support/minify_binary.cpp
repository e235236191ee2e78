#include "support/minify_binary.h"

#include <algorithm>
#include <filesystem>

#include "support/file_contents.h"
#include "support/temp_dir.h"

namespace minify::test {

std::string minify_binary() {
  return std::string(MINIFY_BINARY_DIR) + "/minify";
}

ProcessResult run_minify(const std::vector<std::string>& args, const OnRunning& on_running) {
  std::vector<std::string> argv{minify_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, on_running);
}

BuildRun run_minify_build(const std::string& image, const std::string& tag,
                          const std::vector<std::string>& args) {
  TempDir dir;
  const std::filesystem::path report = dir / "report.json";
  std::vector<std::string> argv{"build", image, "--tag", tag, "--report", report.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  BuildRun run{run_minify(argv), nullptr};
  if (std::filesystem::exists(report)) run.report = nlohmann::json::parse(read_file(report));
  return run;
}

bool report_keeps(const nlohmann::json& report, const std::string& path) {
  const auto& paths = report.at("kept_paths");
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

}  // namespace minify::test
