#pragma once
// The exit codes of every minify command: a CI pipeline gates on these, so they are stable.

namespace minify::cli {

enum ExitCode : int {
  kOk = 0,
  kError = 1,          // the command could not do its job (engine down, bad image, app failed, ...)
  kUsage = 2,          // the command line is wrong
  kCheckFailed = 3,    // the job ran, but a gate failed (xray thresholds, lint findings, verify)
  kInterrupted = 130,  // Ctrl-C or SIGTERM: everything it made was cleaned up
};

}  // namespace minify::cli
