#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include "lint/dockerfile_parser.h"
#include "lint/lint_report.h"
#include "lint/linter.h"
#include "minify/commands.h"
#include "minify/exit_code.h"

namespace minify::cli {
namespace {

namespace fs = std::filesystem;

struct LintOptions {
  std::string dockerfile;
  std::string context;
  std::string format = "text";
  std::string fail_on = "error";
};

std::optional<std::string> read_file(const fs::path& path, bool must_exist) {
  std::error_code ec;
  if (!must_exist && !fs::exists(path, ec)) return std::nullopt;
  if (fs::is_directory(path, ec))
    throw std::runtime_error("cannot read '" + path.string() + "': it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read '" + path.string() + "': " + std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad())
    throw std::runtime_error("cannot read '" + path.string() + "': " + std::strerror(errno));
  return text;
}

// BuildKit reads <Dockerfile>.dockerignore first, then .dockerignore at the context's root.
std::optional<std::string> read_dockerignore(const LintOptions& o) {
  if (o.dockerfile != "-" && o.context.empty()) {
    if (auto own = read_file(o.dockerfile + ".dockerignore", false)) return own;
  }
  fs::path context = !o.context.empty()    ? fs::path(o.context)
                     : o.dockerfile == "-" ? fs::current_path()
                                           : fs::path(o.dockerfile).parent_path();
  if (context.empty()) context = ".";
  return read_file(context / ".dockerignore", false);
}

void run(const LintOptions& o, int& exit_code) {
  std::string text;
  if (o.dockerfile == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    text = buffer.str();
  } else {
    text = *read_file(o.dockerfile, true);
  }
  std::optional<std::string> ignore = read_dockerignore(o);
  std::string shown = o.dockerfile == "-" ? "<stdin>" : o.dockerfile;

  lint::LintResult result;
  try {
    result = lint::lint_dockerfile(
        text, ignore ? std::optional<std::string_view>(*ignore) : std::nullopt);
  } catch (const lint::ParseError& e) {
    throw std::runtime_error(shown + ":" + std::to_string(e.line()) + ": " + e.message());
  }

  if (o.format == "json")
    std::cout << lint::to_json(result, shown, MINIFY_VERSION)
                     .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  else if (o.format == "sarif")
    std::cout << lint::to_sarif(result, shown, MINIFY_VERSION)
                     .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  else
    std::cout << lint::format_text(result, shown);

  auto threshold = *lint::severity_from_name(o.fail_on);
  for (const auto& f : result.findings)
    if (f.severity >= threshold) exit_code = kCheckFailed;
}

}  // namespace

void add_lint_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<LintOptions>();
  auto* cmd = app.add_subcommand(
      "lint", "Find what makes an image fat (or unsafe) in a Dockerfile, before it is built");
  cmd->add_option("dockerfile", options->dockerfile, "The Dockerfile to check ('-' reads stdin)")
      ->required();
  cmd->add_option("--format", options->format, "Output: text (default), json or sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  cmd->add_option("--fail-on", options->fail_on,
                  "Exit with 3 when a finding at or above this severity exists: error (default), "
                  "warning or info")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  cmd->add_option(
      "--context", options->context,
      "The build context whose .dockerignore applies (default: the Dockerfile's folder)");
  cmd->callback([options, &exit_code] { run(*options, exit_code); });
}

}  // namespace minify::cli
