#include "trace/trace_command.h"

#include <iostream>

#include "protocol/sensor_protocol.h"
#include "trace/app_launcher.h"
#include "trace/trace_session.h"

namespace minify::sensor {

int run_trace_command(const std::vector<std::string>& args) {
  protocol::TraceArgs options;
  try {
    options = protocol::TraceArgs::parse(args);
  } catch (const minify::UsageError& e) {
    std::cerr << "sensor: " << e.what() << "\n" << kRunUsage;
    return kSetupFailed;
  }
  TraceSession session(std::move(options));
  return session.run();
}

}  // namespace minify::sensor
