#include "trace/trace_command.h"

#include <iostream>

#include "hold.h"
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
  const int status = session.run();
  if (!session.holding()) return status;
  // The host reads the final record out of the running container, then removes it (SIGKILL).
  hold();
  return status;
}

}  // namespace minify::sensor
