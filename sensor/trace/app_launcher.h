#pragma once
// Starting the app's process: a child that asks to be traced, stops until the tracer is ready,
// installs the seccomp filter, becomes the image's user and executes the app.

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "trace/user_lookup.h"

namespace minify::sensor {

// Exit statuses of the app's process when it cannot become the app (as the container runtimes
// use them): the sensor could not set it up, the file is not executable, the file is missing.
inline constexpr int kSetupFailed = 125;
inline constexpr int kNotExecutable = 126;
inline constexpr int kNotFound = 127;

// What the listener slot holds until the child has installed its filter, and after it fell back.
inline constexpr int kListenerPending = -1;
inline constexpr int kNoListener = -2;

struct LaunchSpec {
  std::string exec_path;          // what to execve: argv[0], or its match in $PATH
  std::vector<std::string> argv;  // the app's argv, argv[0] unchanged
  std::optional<Credentials> credentials;
  bool full = false;  // seccomp filter of mode full
  // Full mode: the syscalls (native numbers) the filter lets run without handing them over
  // (TraceArgs::granted). Resolved before the fork: the child allocates as little as it can.
  std::vector<int> granted;
  // The syscalls an eBPF program records (bpf_readlink_recorder.h): never handed over.
  std::vector<int> in_kernel;
  // Set: the filter notifies a listener rather than stopping for ptrace. The child stores the
  // listener's fd number, or kNoListener when it had to fall back to ptrace stops, at this address
  // of its own memory (a copy of the caller's at fork): the sensor reads it from there with
  // process_vm_readv, as the child may make no syscall the sensor does not answer yet.
  int* listener_slot = nullptr;
  bool no_new_privs = false;  // needed for the filter without CAP_SYS_ADMIN
  // CAP_* numbers taken out of every set of the app's process before exec: the sensor's own
  // (protocol::kSensorCapabilities) but those the user asked for (TraceArgs::keep_caps).
  std::vector<int> drop_caps;
  int error_fd = -1;  // the child writes why it failed here (close-on-exec pipe)
};

// argv0 when it contains a "/", else the first regular file with an execute bit named argv0 in
// $PATH (the runtime's default PATH when unset); nullopt when there is none.
std::optional<std::string> find_executable(const std::string& argv0);

// Forks the app's process. It is stopped by SIGSTOP under PTRACE_TRACEME when this returns: the
// caller waits for that stop, sets its ptrace options and resumes it. Throws on fork failure.
pid_t launch_app(const LaunchSpec& spec);

}  // namespace minify::sensor
