#include "support/minify_binary.h"

namespace minify::test {

std::string minify_binary() {
  return std::string(MINIFY_BINARY_DIR) + "/minify";
}

ProcessResult run_minify(const std::vector<std::string>& args, const OnRunning& on_running) {
  std::vector<std::string> argv{minify_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, on_running);
}

}  // namespace minify::test
