#pragma once
// Each subcommand adds itself to the app. Its callback runs after parsing; it reports failure by
// throwing (main prints "minify: <what>" and exits kError) or by setting `exit_code`.

#include <CLI/CLI.hpp>

namespace minify::cli {

void add_help_command(CLI::App& app);
void add_version_command(CLI::App& app, int& exit_code);
void add_xray_command(CLI::App& app, int& exit_code);
void add_diff_command(CLI::App& app, int& exit_code);
void add_lint_command(CLI::App& app, int& exit_code);
void add_build_command(CLI::App& app, int& exit_code);
void add_profile_command(CLI::App& app, int& exit_code);
void add_explain_command(CLI::App& app, int& exit_code);

}  // namespace minify::cli
