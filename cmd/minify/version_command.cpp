#include <iostream>

#include "minify/commands.h"

namespace minify::cli {

void add_version_command(CLI::App& app, int& /*exit_code*/) {
  auto* cmd = app.add_subcommand("version", "Print minify's version");
  cmd->callback([] { std::cout << "minify " << MINIFY_VERSION << "\n"; });
}

}  // namespace minify::cli
