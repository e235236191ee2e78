#pragma once
// The syscalls the container runtime itself makes under the container's seccomp filter, before the
// app's first instruction. The sensor never sees them (it starts after the runtime exec'd it), so
// every profile adds them. The ONE place they are listed; how they were found: BASELINE.md.

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace minify::seccomp {

// Measured on Docker 20.10.24 / runc 1.1.5 / Linux 6.18, x86_64: runc loads the filter in
// `runc init` (a Go process) before it drops capabilities, switches user, fixes the stdio owners,
// closes inherited fds, checks the entrypoint and execve()s it. Found by starting a FROM scratch
// binary that makes only exit_group under a profile whose default action is SCMP_ACT_LOG, reading
// the kernel's audit lines for comm="runc:[2:INIT]", allowing what they named and repeating until
// nothing was logged; then 46 more starts (as root and as another user, with -t, -i, -w, -e,
// no-new-privileges, and two busy CPUs) to catch what happens only sometimes (fchown with a
// USER, rt_sigreturn when a signal interrupts runc). Without any one of the first group the
// container does not start ("operation not permitted") or starts only by chance.
inline constexpr std::array<std::string_view, 25> kRuntimeObserved = {
    "capget", "capset",    "chdir",      "close",   "epoll_ctl", "execve", "faccessat2",
    "fchown", "fcntl",     "fstat",      "fstatfs", "futex",     "getcwd", "getdents64",
    "getpid", "getppid",   "newfstatat", "openat",  "prctl",     "read",   "rt_sigreturn",
    "setgid", "setgroups", "setuid",     "write",
};

// Not seen in those runs, but the Go runtime inside `runc init` may make them at any moment
// (heap growth, a new OS thread, scheduler preemption, sysmon's sleeps); denied, several of them
// abort runc ("runtime: out of memory", "newosproc"), so a container would fail to start by
// chance, under load. Kept apart from the measured group so that the difference stays visible.
inline constexpr std::array<std::string_view, 10> kRuntimeGoScheduler = {
    "clone",     "gettid",         "madvise",     "mmap",        "munmap",
    "nanosleep", "rt_sigprocmask", "sched_yield", "sigaltstack", "tgkill",
};

// Both groups: what every profile allows whatever the app does. In full mode the analysis stage
// hands them to the sensor (protocol::TraceArgs::granted), which lets the app make them without
// handing them over (path syscalls among them excepted): the record does not count them.
inline std::vector<std::string> runtime_baseline() {
  std::vector<std::string> names(kRuntimeObserved.begin(), kRuntimeObserved.end());
  names.insert(names.end(), kRuntimeGoScheduler.begin(), kRuntimeGoScheduler.end());
  return names;
}

}  // namespace minify::seccomp
