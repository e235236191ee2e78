#pragma once
// The sensor's command line for tracing:
//   sensor [--mode files|full] [--user USER[:GROUP]] [--grace SECONDS] [--record PATH]
//          [--flush-interval SECONDS] [--no-fanotify] [--intercept notify|ptrace] -- ARGV...

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace minify::sensor {

// How the filter hands the traced syscalls to the sensor. kNotify: seccomp user notifications
// (SECCOMP_RET_USER_NOTIF, answered with SECCOMP_USER_NOTIF_FLAG_CONTINUE), about half the cost of
// a ptrace stop; ptrace then only follows the process tree. kPtrace: SECCOMP_RET_TRACE stops.
// kNotify falls back to kPtrace where the kernel or the container does not allow it.
enum class Interception { kNotify, kPtrace };

struct RunOptions {
  bool full = false;                  // --mode full: stop on every syscall
  std::optional<std::string> user;    // --user
  double grace_seconds = 5;           // after a stop signal, before the remaining tree is killed
  std::string record_path;            // defaults to record::kRecordPath
  double flush_interval_seconds = 2;  // 0: write the record only at the end
  bool fanotify = true;               // --no-fanotify: ptrace alone (host tests, other tools)
  Interception interception = Interception::kNotify;  // --intercept
  std::vector<std::string> argv;                      // the app
};

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline constexpr const char* kRunUsage =
    "usage: sensor [--mode files|full] [--user USER[:GROUP]] [--grace SECONDS] [--record PATH]\n"
    "              [--flush-interval SECONDS] [--no-fanotify] [--intercept notify|ptrace]\n"
    "              -- ARGV...\n"
    "       sensor pack RECORD OUT.tar [options]\n";

// args: the command line without argv[0]. Throws UsageError with a one-line reason.
RunOptions parse_run_options(const std::vector<std::string>& args);

}  // namespace minify::sensor
