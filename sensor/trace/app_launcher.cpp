#include "trace/app_launcher.h"

#include <grp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "protocol/sensor_protocol.h"
#include "trace/capabilities.h"
#include "trace/seccomp_filter.h"
#include "trace/signal_relay.h"

namespace minify::sensor {
namespace {

constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

[[noreturn]] void fail(const LaunchSpec& spec, int status, const char* what, int error) {
  char message[512];
  int n = std::snprintf(message, sizeof message, "sensor: %s: %s\n", what, std::strerror(error));
  if (n > 0) {
    std::size_t size = std::min(static_cast<std::size_t>(n), sizeof message - 1);
    (void)!::write(STDERR_FILENO, message, size);
    if (spec.error_fd >= 0) (void)!::write(spec.error_fd, message, size - 1);  // no newline
  }
  _exit(status);
}

[[noreturn]] void run_child(const LaunchSpec& spec, std::vector<char*>& argv) {
  SignalRelay::reset_in_child();
  if (ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) != 0) {
    fail(spec, kSetupFailed, "ptrace(PTRACE_TRACEME) (the container needs CAP_SYS_PTRACE)", errno);
  }
  raise(SIGSTOP);  // the tracer sets its options while we wait here
  if (spec.no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    fail(spec, kSetupFailed, "prctl(PR_SET_NO_NEW_PRIVS)", errno);
  }
  // The filter goes on while still root, so that with CAP_SYS_ADMIN no_new_privs can stay off.
  // A notifying filter can be refused (EBUSY: an enclosing filter already has a listener); the
  // ptrace one then does the same work, and the sensor notices as the first stop arrives.
  int listener = kNoListener;
  int rc = spec.listener_slot != nullptr
               ? install_trace_filter(spec.full, spec.granted, spec.in_kernel, &listener)
               : -EINVAL;
  if (rc != 0) rc = install_trace_filter(spec.full, spec.granted, spec.in_kernel, nullptr);
  if (spec.listener_slot != nullptr) *static_cast<volatile int*>(spec.listener_slot) = listener;
  if (rc != 0) fail(spec, kSetupFailed, "installing the seccomp filter", -rc);
  // The app holds what `docker run` gives it. After the filter (which needed CAP_SYS_ADMIN),
  // before the user switch (after which CAP_SETPCAP is gone); the bounding set too, so that
  // neither an exec as root nor a setuid binary regains them.
  if (const char* step = drop_capabilities(spec.drop_caps)) {
    fail(spec, kSetupFailed,
         (std::string("dropping the sensor's capabilities from the app (") + step + ")").c_str(),
         errno);
  }
  // A sensor already running as the requested user (a container not started as root) has
  // nothing to switch and no right to: it carries on as it is.
  const bool already_that_user = spec.credentials && geteuid() != 0 &&
                                 geteuid() == spec.credentials->uid &&
                                 getegid() == spec.credentials->gid;
  if (spec.credentials && !already_that_user) {
    const Credentials& c = *spec.credentials;
    if (setgroups(c.groups.size(), c.groups.data()) != 0)
      fail(spec, kSetupFailed, "setgroups", errno);
    if (setgid(c.gid) != 0) fail(spec, kSetupFailed, "setgid", errno);
    if (setuid(c.uid) != 0) fail(spec, kSetupFailed, "setuid", errno);
    // The engine set HOME for root (the sensor's user); the app's user has its own.
    const char* home = std::getenv("HOME");
    if (c.uid != 0 && c.home && home != nullptr && std::string_view(home) == "/root") {
      setenv("HOME", c.home->c_str(), 1);
    }
  }
  execv(spec.exec_path.c_str(), argv.data());
  int error = errno;
  std::string what = "cannot run '" + spec.exec_path + "'";
  fail(spec, error == ENOENT ? kNotFound : kNotExecutable, what.c_str(), error);
}

}  // namespace

std::optional<std::string> find_executable(const std::string& argv0) {
  if (argv0.find('/') != std::string::npos) return argv0;
  const char* env_path = std::getenv("PATH");
  std::string_view dirs = env_path != nullptr ? env_path : kDefaultPath;
  while (true) {
    std::size_t end = dirs.find(':');
    std::string_view dir = dirs.substr(0, end);
    std::string candidate = std::string(dir.empty() ? "." : dir) + "/" + argv0;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111) != 0) {
      return candidate;
    }
    if (end == std::string_view::npos) return std::nullopt;
    dirs.remove_prefix(end + 1);
  }
}

pid_t launch_app(const LaunchSpec& spec) {
  std::vector<char*> argv;
  for (const auto& arg : spec.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) run_child(spec, argv);
  return pid;
}

}  // namespace minify::sensor
