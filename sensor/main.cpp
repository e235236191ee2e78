// The sensor: a static binary the host copies into the analysis container and runs as its
// entrypoint. `sensor [options] -- ARGV...` traces the app; `sensor pack ...` builds the tar.

#include <iostream>
#include <string>
#include <vector>

#include "pack_mode/pack_command.h"
#include "trace/trace_command.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "pack") {
    return minify::sensor::run_pack_command(args);
  }
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << minify::sensor::kRunUsage;
    return 0;
  }
  if (!args.empty() && args[0] == "--version") {
    std::cout << "sensor " << MINIFY_VERSION << "\n";
    return 0;
  }
  return minify::sensor::run_trace_command(args);
}
