#pragma once
// What `minify build` (and `minify profile`, which reuses the analysis run) is asked to do.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probe/http_probe.h"
#include "probe/http_request.h"
#include "record/record.h"

namespace minify::pipeline {

// When the analysis run ends (--continue-after).
struct ContinueAfter {
  enum class Kind {
    kAuto,     // kProbe when anything is probed, else kExit
    kProbe,    // once every probe has answered
    kExit,     // when the app exits by itself (batch jobs), bounded by --timeout
    kTimeout,  // after `seconds` (or earlier, if the app exits)
    kSignal,   // when minify receives SIGUSR1 (BuildOptions::proceed), bounded by --timeout
  };
  Kind kind = Kind::kAuto;
  std::chrono::seconds seconds{0};
};

// "probe", "exit", "timeout:30", "signal". Throws std::invalid_argument otherwise.
ContinueAfter parse_continue_after(std::string_view text);

struct BuildOptions {
  std::string image;                  // the original, as the user names it
  std::filesystem::path sensor_path;  // the static sensor binary on the host
  std::string sensor_mode = "files";  // "files" (paths only) or "full" (every syscall: profile)
  bool build_image = false;           // false: analysis only (minify profile); true: build

  // The slim image: tagged NAME.slim:TAG unless `tag`; written to a docker-archive file instead
  // of loaded when `output_archive` is set.
  std::optional<std::string> tag;
  std::optional<std::filesystem::path> output_archive;

  // Probes.
  bool http_probe = true;                    // GET / and crawl on the first exposed TCP port
  std::optional<int> probe_port;             // a container port instead of the first exposed one
  std::vector<probe::HttpRequest> requests;  // --probe, --probe-file
  probe::CrawlLimits crawl;
  std::vector<std::string> exec_commands;  // --exec, argv form, in the container
  std::vector<std::string> host_commands;  // --host-exec, on the host
  ContinueAfter continue_after;
  std::chrono::seconds timeout{300};  // readiness, a batch run, --continue-after signal
  std::chrono::seconds request_timeout{30};
  std::chrono::seconds stop_grace{15};  // after the stop signal, before the engine kills

  // The keep-set rules, passed to `sensor pack`.
  std::vector<std::string> include;
  std::vector<std::string> include_bin;
  std::vector<std::string> include_exe;
  bool include_shell = false;
  std::vector<std::string> exclude;

  // Verify: the slim image run with the same probes.
  bool verify = true;
  bool verify_ignore_body = false;
  // Extra HostConfig.SecurityOpt for the verify container, e.g. "seccomp=<profile JSON>".
  std::vector<std::string> verify_security_opt;
  // Called with the analysis run's record as soon as it is in (--seccomp: writes the profile);
  // returns HostConfig.SecurityOpt entries under which verify runs the original image, and the
  // slim image when one is built, once more with the same probes. Empty: no such runs.
  std::function<std::vector<std::string>(const record::Record&)> verify_under;

  // Raised by the caller's signal handlers: `cancel` on SIGINT/SIGTERM (everything is cleaned
  // up, then Interrupted is thrown), `proceed` on SIGUSR1 (--continue-after signal).
  const std::atomic<bool>* cancel = nullptr;
  const std::atomic<bool>* proceed = nullptr;
};

}  // namespace minify::pipeline
