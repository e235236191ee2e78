// `minify build IMAGE`: the slim image, verified, with a report.

#include <unistd.h>

#include <iostream>

#include "engine/engine_client.h"
#include "minify/analysis_flags.h"
#include "minify/commands.h"
#include "minify/exit_code.h"
#include "minify/seccomp_option.h"
#include "pipeline/build_pipeline.h"
#include "progress/progress_reporter.h"

namespace minify::cli {
namespace {

struct Flags : AnalysisFlags {
  std::string output;
};

void run(Flags& flags, int& exit_code) {
  pipeline::BuildOptions& options = flags.options;
  options.build_image = true;
  prepare_analysis(flags);
  if (!flags.output.empty()) {
    constexpr std::string_view kPrefix = "docker-archive:";
    if (!flags.output.starts_with(kPrefix) || flags.output.size() == kPrefix.size())
      throw CLI::ValidationError("--output", "expected docker-archive:FILE");
    options.output_archive = flags.output.substr(kPrefix.size());
  }

  progress::ProgressReporter progress(std::cerr, progress::style_for_fd(STDERR_FILENO));
  run_interruptible(
      [&] {
        engine::EngineClient engine(engine::Endpoint::from_environment());
        std::optional<SeccompOption> seccomp;
        if (!flags.seccomp_file.empty()) seccomp.emplace(engine, flags.seccomp_file).apply(options);
        pipeline::BuildResult result = pipeline::run_build(engine, options, progress);
        const auto& report = result.report;
        nlohmann::json json = report::to_json(report);
        if (seccomp) seccomp->add_to(json);
        if (!flags.report_file.empty()) write_report_file(json, flags.report_file);
        if (flags.json) {
          std::cout << json.dump(2) << "\n";
          std::cerr << report::text_summary(report);
        } else {
          std::cout << report::text_summary(report);
        }
        if (seccomp) (flags.json ? std::cerr : std::cout) << "  " << seccomp->describe() << "\n";
        if (result.verify_failed()) {
          if (!report.verify.slim_logs.empty())
            std::cerr << "minify: the slim container's output:\n"
                      << report.verify.slim_logs << "\n";
          std::cerr << "minify: verify failed: the slim image does not answer like the original\n";
          exit_code = kCheckFailed;
        }
      },
      exit_code);
}

}  // namespace

void add_build_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<Flags>();
  pipeline::BuildOptions& o = flags->options;
  auto* cmd = app.add_subcommand(
      "build", "Make IMAGE slim: run it under the sensor, keep only what it used, verify");
  cmd->add_option("image", o.image, "The image to slim (never modified)")->required();
  cmd->add_option("--tag", o.tag, "Name of the slim image (default NAME.slim:TAG)");
  cmd->add_option("--output", flags->output,
                  "docker-archive:FILE: write the slim image there instead of loading it");
  cmd->add_option("--include", o.include, "Also keep this path or glob (repeatable)");
  cmd->add_option("--include-bin", o.include_bin, "Also keep this program and its libraries");
  cmd->add_option("--include-exe", o.include_exe,
                  "Also keep this program, found on the image's PATH, and its libraries");
  cmd->add_flag("--include-shell", o.include_shell, "Also keep /bin/sh and its libraries");
  cmd->add_option("--exclude", o.exclude, "Never keep paths matching this glob (repeatable)");
  cmd->add_option("--seccomp", flags->seccomp_file,
                  "Also write a seccomp profile of what the app called, verified on both images");
  add_analysis_flags(*cmd, *flags, "Run the slim image with the same probes (default true)");
  cmd->callback([flags, &exit_code] { run(*flags, exit_code); });
}

}  // namespace minify::cli
