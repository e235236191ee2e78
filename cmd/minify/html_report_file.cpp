#include "minify/html_report_file.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <stdexcept>

namespace minify::cli {

std::optional<std::filesystem::path> html_report_path(const std::string& flag,
                                                      const std::string& default_name) {
  if (flag == "false") return std::nullopt;
  if (flag.empty() || flag == "true") return std::filesystem::path(default_name);
  return std::filesystem::path(flag);
}

void check_html_report_destination(const std::filesystem::path& path) {
  const std::filesystem::path dir = path.parent_path().empty() ? "." : path.parent_path();
  if (std::filesystem::is_directory(path))
    throw CLI::ValidationError("--report-html", path.string() + " is a directory");
  if (!std::filesystem::is_directory(dir))
    throw CLI::ValidationError("--report-html", "no directory " + dir.string());
}

void write_html_report(const std::string& html, const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary);
  out << html;
  out.close();
  if (!out) throw std::runtime_error("cannot write the HTML report to " + path.string());
}

}  // namespace minify::cli
