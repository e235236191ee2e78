// `minify build IMAGE`: the slim image, verified, with a report.

#include <iostream>

#include "byte_names/printable_name.h"
#include "byte_names/utf8.h"
#include "html/build_report_html.h"
#include "minify/analysis_flags.h"
#include "minify/commands.h"
#include "minify/html_report_file.h"
#include "pipeline/pipeline.h"
#include "progress/progress_reporter.h"
#include "seccomp/profile_summary.h"

namespace minify::cli {
namespace {

struct Flags : AnalysisFlags {
  pipeline::BuildOptions build;  // all but `analysis`, which the shared flags fill
  std::string output;
  std::string report_html;  // "" or "true": the default file; "false": none
  bool report_html_given() const { return report_html != "" && report_html != "true"; }
};

// The keep rules reach `sensor pack` as its command line, which the engine's API carries as JSON
// text: bytes that are not UTF-8 cannot travel there, so such a rule is refused before anything
// runs. A glob reaches those names all the same ('?' matches one byte).
const CLI::Validator kUtf8Rule(
    [](std::string& rule) -> std::string {
      if (byte_names::is_utf8(rule)) return "";
      return "'" + byte_names::printable(rule) +
             "' is not UTF-8; match such bytes with a glob ('?' is one byte)";
    },
    "");

void run(Flags& flags, int& exit_code) {
  prepare_analysis(flags);
  pipeline::BuildOptions& options = flags.build;
  if (!flags.output.empty()) {
    constexpr std::string_view kArchive = "docker-archive:", kOci = "oci:";
    if (flags.output.starts_with(kArchive) && flags.output.size() > kArchive.size()) {
      options.output_archive = flags.output.substr(kArchive.size());
    } else if (flags.output.starts_with(kOci) && flags.output.size() > kOci.size()) {
      options.output_oci = flags.output.substr(kOci.size());
    } else {
      throw CLI::ValidationError("--output", "expected docker-archive:FILE or oci:DIR");
    }
  }
  if (options.push && options.output_archive)
    throw CLI::ValidationError("--push",
                               "the slim image is written to a file (--output), not "
                               "loaded: there is nothing to push");
  if (!flags.seccomp_file.empty()) options.seccomp_profile = flags.seccomp_file;
  if (flags.report_html_given() && flags.report_html != "false")
    check_html_report_destination(flags.report_html, "--report-html");
  options.analysis = flags.analysis;

  run_analysis_command(
      flags, options.analysis, options.seccomp_profile,
      [&](const engine::Engine& engine, progress::ProgressReporter& progress) {
        pipeline::BuildResult result = pipeline::run_build(engine, options, progress);
        const auto& report = result.report;
        nlohmann::json json = report::to_json(report);
        if (result.seccomp) json["seccomp"] = seccomp::to_json(*result.seccomp);
        if (result.pushed)
          json["pushed"] = {{"reference", result.pushed->reference},
                            {"registry", result.pushed->registry},
                            {"digest", result.pushed->digest}};
        std::ostream& summary = write_report(flags, json);
        summary << report::text_summary(report);
        if (result.seccomp) summary << "  " << seccomp::describe(*result.seccomp) << "\n";
        // The page is drawn from the JSON just written, so it shows exactly what the JSON says.
        if (auto path = html_report_path(flags.report_html,
                                         html::report_file_name(report.slim.reference))) {
          try {
            write_html_report(html::build_report_html(json), *path);
            summary << "  report   " << path->string() << "\n";
          } catch (const std::runtime_error& e) {
            // The default page is a convenience: a working directory it cannot go to (read-only
            // in CI) must not fail a build that worked. A file asked for must be written.
            if (flags.report_html_given()) throw;
            std::cerr << "minify: warning: " << e.what() << "\n";
          }
        }
        if (result.pushed)
          summary << "  pushed   " << result.pushed->reference
                  << (result.pushed->digest.empty() ? "" : " (" + result.pushed->digest + ")")
                  << "\n";
        if (result.verify_failed()) {
          fail_verify(report.verify.slim_logs, "the slim container's output",
                      std::string("the slim image does not answer like the original") +
                          (options.push ? "; not pushed" : ""),
                      exit_code);
        }
      },
      exit_code);
}

}  // namespace

void add_build_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<Flags>();
  pipeline::BuildOptions& o = flags->build;
  auto* cmd = app.add_subcommand(
      "build", "Make IMAGE slim: run it under the sensor, keep only what it used, verify");
  cmd->add_option("image", flags->analysis.image,
                  "The image to slim (never modified; or --compose-file)");
  cmd->add_option("--tag", o.tag, "Name of the slim image (default NAME.slim:TAG)");
  cmd->add_option("--output", flags->output,
                  "docker-archive:FILE or oci:DIR (an OCI image layout): write the slim image "
                  "there instead of loading it");
  cmd->add_option("--include", o.keep.include, "Also keep this path or glob (repeatable)")
      ->check(kUtf8Rule);
  cmd->add_option("--include-bin", o.keep.include_bin, "Also keep this program and its libraries")
      ->check(kUtf8Rule);
  cmd->add_option("--include-exe", o.keep.include_exe,
                  "Also keep this program, found on the image's PATH, and its libraries")
      ->check(kUtf8Rule);
  cmd->add_flag("--include-shell", o.keep.include_shell, "Also keep /bin/sh and its libraries");
  cmd->add_option("--exclude", o.keep.exclude, "Never keep paths matching this glob (repeatable)")
      ->check(kUtf8Rule);
  cmd->add_flag("--push", o.push,
                "Push the slim image, once verified, to the registry its --tag names "
                "(credentials from the docker config)");
  cmd->add_option("--report-html", flags->report_html,
                  "Write the HTML report to this file (default NAME.minify-report.html in the "
                  "working directory, NAME from the slim tag; false: none)");
  cmd->add_option("--seccomp", flags->seccomp_file,
                  "Also write a seccomp profile of what the app called, verified on both images");
  add_analysis_flags(*cmd, *flags, "Run the slim image with the same probes (default true)");
  cmd->callback([flags, &exit_code] { run(*flags, exit_code); });
}

}  // namespace minify::cli
