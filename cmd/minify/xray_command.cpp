// minify xray IMAGE: reads every layer of an image (from the engine's export, or a saved tar / OCI
// layout) and tells where its bytes go and why it is fat. --json for machines; --min-efficiency and
// --max-wasted gate a CI pipeline (exit 3). The work is lib/xray's; this maps flags and prints.

#include <unistd.h>

#include <iostream>
#include <memory>
#include <stdexcept>

#include "engine/engine_client.h"
#include "html/xray_report_html.h"
#include "minify/analysis_flags.h"
#include "minify/commands.h"
#include "minify/engine_connection.h"
#include "minify/exit_code.h"
#include "minify/html_report_file.h"
#include "pipeline/image_pull.h"
#include "progress/progress_reporter.h"
#include "xray/byte_size.h"
#include "xray/gates.h"
#include "xray/image_source.h"
#include "xray/json_document.h"
#include "xray/text_report.h"
#include "xray/xray_report.h"

namespace minify::cli {

namespace {

struct XrayOptions {
  std::string image;
  bool json = false;
  std::string min_efficiency;
  std::string max_wasted;
  std::string html;
  std::size_t top = 10;
  std::string pull = "missing";
  engine::EndpointFlags engine;
};

xray::GateLimits parse_limits(const XrayOptions& options) {
  xray::GateLimits limits;
  try {
    if (!options.min_efficiency.empty()) {
      limits.min_efficiency = xray::parse_efficiency(options.min_efficiency);
    }
  } catch (const std::invalid_argument& e) {
    throw CLI::ValidationError("--min-efficiency", e.what());
  }
  try {
    if (!options.max_wasted.empty()) {
      limits.max_wasted = {xray::parse_byte_size(options.max_wasted), options.max_wasted};
    }
  } catch (const std::invalid_argument& e) {
    throw CLI::ValidationError("--max-wasted", e.what());
  }
  return limits;
}

int run_xray(const XrayOptions& options) {
  xray::GateLimits limits = parse_limits(options);
  if (!options.html.empty()) check_html_report_destination(options.html, "--html");
  progress::ProgressReporter reporter(std::cerr, progress::style_for_fd(STDERR_FILENO));
  const pipeline::PullPolicy pull = pipeline::parse_pull_policy(options.pull);
  // Made only when the image is not a saved file: a tar or layout needs no engine, and that is
  // also when --pull applies.
  std::unique_ptr<EngineConnection> connection;
  image::Image image = xray::read_named_image(
      options.image,
      [&] {
        connection = std::make_unique<EngineConnection>(options.engine);
        engine::EngineClient engine = connection->client();
        pipeline::pull_per_policy(engine, options.image, pull, reporter, nullptr,
                                  [&] { engine.inspect_image(options.image); });
        return engine;
      },
      reporter);
  xray::XrayReport report = xray::make_xray_report(image, {options.top});
  report.reference = options.image;
  xray::GateResults gates = xray::check_gates(report, limits);

  const nlohmann::json json = xray::to_json(report, gates);
  // The page is drawn from the JSON, so it shows exactly what --json says.
  if (!options.html.empty()) write_html_report(html::xray_report_html(json), options.html);
  if (options.json) {
    std::cout << json.dump(2) << "\n";
  } else {
    xray::print_text(std::cout, report);
  }
  std::cout.flush();
  if (gates.passed()) return kOk;
  std::cerr << "minify: xray: " << gates.reason() << "\n";
  return kCheckFailed;
}

}  // namespace

void add_xray_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<XrayOptions>();
  auto* cmd = app.add_subcommand(
      "xray", "Show an image's layers, wasted bytes, efficiency and what makes it fat");
  cmd->add_option("IMAGE", options->image,
                  "a local image (name:tag or id), or a saved image: a docker save tar, an OCI "
                  "archive or an OCI layout directory")
      ->required();
  cmd->add_flag("--json", options->json, "write one JSON document (schema: lib/xray/README.md)");
  cmd->add_option("--html", options->html, "also write an HTML report to FILE");
  cmd->add_option("--min-efficiency", options->min_efficiency,
                  "exit 3 when the efficiency is below X (0..1, or a percentage: 90%)");
  cmd->add_option("--max-wasted", options->max_wasted,
                  "exit 3 when more than BYTES are wasted (1000, 20MB, 1.5GiB)");
  add_pull_flag(*cmd, options->pull);
  cmd->add_option("--top", options->top, "how many largest files, directories, wasted files")
      ->capture_default_str();
  add_engine_flags(*cmd, options->engine);
  cmd->callback([options, &exit_code] { exit_code = run_xray(*options); });
}

}  // namespace minify::cli
