// `minify help [COMMAND]`: what `--help` prints, for people who type the word.

#include <iostream>

#include "errors/usage_error.h"
#include "minify/commands.h"

namespace minify::cli {

void add_help_command(CLI::App& app) {
  auto command = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("help", "Print this help, or a command's: minify help build");
  cmd->add_option("command", *command, "The command to explain");
  cmd->callback([&app, command] {
    // The formatter, not App::help(): once `help` is parsed, help() describes `help` itself.
    const auto& formatter = *app.get_formatter();
    if (command->empty()) {
      std::cout << formatter.make_help(&app, "minify", CLI::AppFormatMode::Normal);
      return;
    }
    // Only the commands a user can run: CLI11 also finds option groups by name.
    CLI::App* sub = nullptr;
    for (CLI::App* candidate : app.get_subcommands({}))
      if (candidate->get_name() == *command) sub = candidate;
    if (sub == nullptr) throw UsageError("help: no command '" + *command + "' (see minify help)");
    std::cout << formatter.make_help(sub, "minify " + sub->get_name(), CLI::AppFormatMode::Normal);
  });
}

}  // namespace minify::cli
