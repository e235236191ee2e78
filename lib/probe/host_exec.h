#pragma once
// `--host-exec 'CMD'`: a command run on the host once the app is ready, for apps spoken to in
// their own protocol by the user's own client or test suite. It finds the app through its
// environment: MINIFY_HOST (the address the ports are published on) and MINIFY_PORT_<container
// port>=<host port> for each published TCP port.

#include <chrono>
#include <map>
#include <string>

#include "probe/http_probe.h"
#include "probe/probe_result.h"

namespace minify::probe {

struct HostExecOptions {
  std::string host = "127.0.0.1";
  std::map<int, int> ports;  // container port -> published host port
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
};

// The variables added to the command's environment (the rest of it is minify's own).
std::map<std::string, std::string> host_exec_environment(const HostExecOptions& options);

// Runs `/bin/sh -c command` in its own process group, capturing stdout and stderr. A non-zero
// exit, a signal or the timeout make the result failed; `check` is called about every 100 ms and
// may throw (Ctrl-C): the command's whole process group is killed before the exception leaves.
ProbeResult run_host_command(const std::string& command, const HostExecOptions& options,
                             const CheckFn& check);

}  // namespace minify::probe
