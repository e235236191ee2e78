#pragma once
// Where the HTML reports go (`build --report-html`, `xray --html`) and writing them.

#include <filesystem>
#include <optional>
#include <string>

namespace minify::cli {

// `build --report-html`'s value: "" (not given) or "true" is the default, `default_name` in the
// working directory; "false" is none; anything else is the file.
std::optional<std::filesystem::path> html_report_path(const std::string& flag,
                                                      const std::string& default_name);

// A usage error (CLI::ValidationError) when `path` names a directory or one in a directory that
// does not exist: found before the build runs, not after.
void check_html_report_destination(const std::filesystem::path& path);

// Writes `html` to `path`; throws std::runtime_error naming the file when it cannot.
void write_html_report(const std::string& html, const std::filesystem::path& path);

}  // namespace minify::cli
