// minify explain REPORT PATH: why a build kept PATH (the chain of reasons back to what the app
// did or a rule), or that it dropped it and what would keep it. The work is lib/report's; this
// reads the file and prints.

#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "minify/commands.h"
#include "minify/exit_code.h"
#include "report/explain.h"

namespace minify::cli {
namespace {

struct ExplainOptions {
  std::string report;
  std::string path;
};

nlohmann::json read_report(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("explain: cannot read " + file);
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    throw std::runtime_error("explain: " + file + " is not JSON (minify build --report FILE)");
  }
}

int run_explain(const ExplainOptions& options) {
  nlohmann::json report = read_report(options.report);
  std::string text;
  try {
    text = report::explain(report, options.path);
  } catch (const report::ExplainError& e) {
    throw std::runtime_error("explain: " + options.report + ": " + e.what());
  }
  std::cout << text;
  std::cout.flush();
  return kOk;
}

}  // namespace

void add_explain_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExplainOptions>();
  auto* cmd = app.add_subcommand(
      "explain", "Why a build kept a path (or dropped it, and what would keep it), from its report");
  cmd->add_option("REPORT", options->report,
                  "the JSON report of minify build (--report FILE, or --json's output)")
      ->required();
  cmd->add_option("PATH", options->path, "a path of the original image: /usr/lib/libssl.so.3")
      ->required();
  cmd->callback([options, &exit_code] { exit_code = run_explain(*options); });
}

}  // namespace minify::cli
