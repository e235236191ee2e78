#include "trace/trace_command.h"

#include <iostream>

#include "trace/app_launcher.h"
#include "trace/run_options.h"
#include "trace/trace_session.h"

namespace minify::sensor {

int run_trace_command(const std::vector<std::string>& args) {
  RunOptions options;
  try {
    options = parse_run_options(args);
  } catch (const UsageError& e) {
    std::cerr << "sensor: " << e.what() << "\n" << kRunUsage;
    return kSetupFailed;
  }
  TraceSession session(std::move(options));
  return session.run();
}

}  // namespace minify::sensor
