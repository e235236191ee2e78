#include <exception>
#include <iostream>

#include "errors/usage_error.h"
#include "minify/commands.h"
#include "minify/exit_code.h"

int main(int argc, char** argv) {
  CLI::App app{"minify: make a container image slim by keeping only what the app uses"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("minify ") + MINIFY_VERSION,
                       "Print minify's version and exit");
  // Every usage error is one line on stderr, like every other error minify reports.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("minify: ") + e.what() + " (see minify help)\n";
  });
  int exit_code = minify::cli::kOk;
  minify::cli::add_help_command(app);
  minify::cli::add_version_command(app, exit_code);
  minify::cli::add_xray_command(app, exit_code);
  minify::cli::add_diff_command(app, exit_code);
  minify::cli::add_lint_command(app, exit_code);
  minify::cli::add_build_command(app, exit_code);
  minify::cli::add_profile_command(app, exit_code);
  minify::cli::add_explain_command(app, exit_code);
  try {
    // CLI11 would say "A subcommand is required" for a misspelt one: name it instead.
    if (argc > 1 && argv[1][0] != '-' &&
        app.get_subcommands([&](const CLI::App* sub) { return sub->get_name() == argv[1]; })
            .empty())
      throw minify::UsageError(std::string("no command '") + argv[1] + "' (see minify help)");
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return minify::cli::kUsage;
  } catch (const minify::UsageError& e) {
    // Found past the flag parser (a probe spec, a port the image does not expose, ...): still
    // the command line's fault, so the same exit code as a parse error.
    std::cerr << "minify: " << e.what() << "\n";
    return minify::cli::kUsage;
  } catch (const std::exception& e) {
    std::cerr << "minify: " << e.what() << "\n";
    return minify::cli::kError;
  }
  return exit_code;
}
