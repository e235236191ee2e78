// minify diff A B: what changed from image A to image B (sizes, layers, files, directories,
// packages). Each image is read once, from the engine's export or a saved image; the work is
// lib/diff's; this maps flags and prints.

#include <unistd.h>

#include <iostream>
#include <memory>

#include "diff/html_report.h"
#include "diff/image_diff.h"
#include "diff/json_report.h"
#include "diff/text_report.h"
#include "engine/engine_client.h"
#include "minify/commands.h"
#include "minify/engine_connection.h"
#include "minify/exit_code.h"
#include "minify/html_report_file.h"
#include "progress/progress_reporter.h"
#include "xray/image_source.h"

namespace minify::cli {

namespace {

struct DiffFlags {
  std::string a, b;
  bool json = false;
  std::string html;
  std::size_t top = 10;
  engine::EndpointFlags engine;
};

int run_diff(const DiffFlags& flags) {
  if (!flags.html.empty()) check_html_report_destination(flags.html, "--html");
  progress::ProgressReporter reporter(std::cerr, progress::style_for_fd(STDERR_FILENO));
  // Made once, and only when an image is not a saved file: a tar or layout needs no engine.
  std::unique_ptr<EngineConnection> connection;
  auto connect = [&] {
    if (!connection) connection = std::make_unique<EngineConnection>(flags.engine);
    return connection->client();
  };
  // B first, every file hashed; then A, hashing only the files of a size B has: B is usually the
  // slim image, and a fat A's bytes are then read but mostly not hashed.
  image::Image b = xray::read_named_image(flags.b, connect, reporter, diff::diff_index_options());
  image::Image a = xray::read_named_image(flags.a, connect, reporter, diff::diff_index_options(b));
  diff::ImageDiff result = diff::diff_images(a, flags.a, b, flags.b, {flags.top});
  const nlohmann::json json = diff::to_json(result);
  // The page is drawn from the JSON, so it shows exactly what --json says.
  if (!flags.html.empty()) write_html_report(diff::to_html(json), flags.html);
  if (flags.json) {
    std::cout << json.dump(2) << "\n";
  } else {
    diff::print_text(std::cout, result);
  }
  std::cout.flush();
  return kOk;
}

}  // namespace

void add_diff_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<DiffFlags>();
  auto* cmd = app.add_subcommand(
      "diff", "Compare two images: sizes, layers, files, directories and packages");
  const char* kImage =
      "a local image (name:tag or id), or a saved image: docker-archive:FILE, oci:DIR[:REF], "
      "oci-archive:FILE, or a path to a tar or an OCI layout directory";
  cmd->add_option("A", flags->a, kImage)->required();
  cmd->add_option("B", flags->b, kImage)->required();
  cmd->add_flag("--json", flags->json, "write one JSON document (schema: docs/diff-schema.md)");
  cmd->add_option("--html", flags->html, "also write an HTML report to FILE");
  cmd->add_option("--top", flags->top, "how many files and directories in each list")
      ->capture_default_str();
  add_engine_flags(*cmd, flags->engine);
  cmd->callback([flags, &exit_code] { exit_code = run_diff(*flags); });
}

}  // namespace minify::cli
