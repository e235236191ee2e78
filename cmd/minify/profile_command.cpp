// `minify profile IMAGE [--seccomp FILE]`: the build's analysis run in "full" mode, no image;
// writes a seccomp profile of what the app called, checks that the original image answers its
// probes exactly alike under it, and says how many syscalls it allows against the engine's default.

#include <filesystem>
#include <iostream>

#include "minify/analysis_flags.h"
#include "minify/commands.h"
#include "pipeline/pipeline.h"
#include "progress/progress_reporter.h"
#include "seccomp/profile_summary.h"

namespace minify::cli {
namespace {

// "registry:5000/team/app:1.2" -> "app-1.2.seccomp.json"; "app" or "app:latest" ->
// "app.seccomp.json".
std::filesystem::path default_profile_path(const std::string& image) {
  std::string name = image.substr(0, image.find('@'));
  name = name.substr(name.rfind('/') == std::string::npos ? 0 : name.rfind('/') + 1);
  if (auto colon = name.find(':'); colon != std::string::npos) {
    std::string tag = name.substr(colon + 1);
    name = name.substr(0, colon) + (tag == "latest" ? "" : "-" + tag);
  }
  return name + ".seccomp.json";
}

void run(AnalysisFlags& flags, int& exit_code) {
  prepare_analysis(flags);
  pipeline::ProfileOptions options;
  options.analysis = flags.analysis;
  options.seccomp_profile = flags.seccomp_file.empty()
                                ? default_profile_path(options.analysis.image)
                                : std::filesystem::path(flags.seccomp_file);

  run_analysis_command(
      flags, options.analysis, options.seccomp_profile,
      [&](const engine::Engine& engine, progress::ProgressReporter& progress) {
        pipeline::ProfileResult result = pipeline::run_profile(engine, options, progress);
        const auto& report = result.report;
        nlohmann::json json = report::to_json(report);
        json["seccomp"] = seccomp::to_json(result.seccomp);
        std::ostream& text = write_report(flags, json);
        text << options.analysis.image << ": " << seccomp::describe(result.seccomp) << "\n";
        if (!report.verify.ran) {
          text << "  verify   skipped\n";
        } else if (report.verify.passed) {
          const std::size_t n = report.probes.size();
          text << "  verify   passed: under the profile, the original answered " << n
               << (n == 1 ? " probe" : " probes") << " exactly as under the sensor\n";
        } else {
          text << "  verify   FAILED\n";
          for (const auto& m : report.verify.mismatches)
            text << "           " << report::describe(m) << "\n";
        }
        if (result.verify_failed()) {
          fail_verify(report.verify.slim_logs, "the container's output under the profile",
                      "the image does not answer alike under the profile", exit_code);
        }
      },
      exit_code);
}

}  // namespace

void add_profile_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<AnalysisFlags>();
  pipeline::AnalysisOptions& o = flags->analysis;
  auto* cmd = app.add_subcommand("profile",
                                 "Write a seccomp profile of the syscalls IMAGE's app makes under "
                                 "the probes (no image built)");
  cmd->add_option("image", o.image, "The image to profile (never modified; or --compose-file)");
  cmd->add_option("--seccomp", flags->seccomp_file,
                  "Where to write the profile (default NAME.seccomp.json here)");
  add_analysis_flags(*cmd, *flags,
                     "Run the original under the profile with the same probes (default true)");
  cmd->callback([flags, &exit_code] { run(*flags, exit_code); });
}

}  // namespace minify::cli
