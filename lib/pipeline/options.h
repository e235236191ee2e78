#pragma once
// What `minify build` (run_build) and `minify profile` (run_profile) are asked to do: the
// analysis run both make (AnalysisOptions), and what each adds on top of it.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/run_options.h"
#include "probe/http_probe.h"
#include "probe/http_request.h"

namespace minify::pipeline {

// When the analysis run ends (--continue-after).
struct ContinueAfter {
  enum class Kind {
    kAuto,     // kProbe when anything is probed, else kExit
    kProbe,    // once every probe has answered
    kExit,     // when the app exits by itself (batch jobs), bounded by --timeout
    kTimeout,  // after `seconds` (or earlier, if the app exits)
    kSignal,   // when minify receives SIGUSR1 (AnalysisOptions::proceed), bounded by --timeout
  };
  Kind kind = Kind::kAuto;
  std::chrono::seconds seconds{0};
};

// "probe", "exit", "timeout:30", "signal". Throws UsageError (errors/usage_error.h) otherwise.
ContinueAfter parse_continue_after(std::string_view text);

// What every container minify runs the image in (analysis, pack, verify) may use at most, so that
// an app, hostile or broken, cannot take the host's memory or fork without end. 0: no limit (as
// `docker run` without --memory / --pids-limit).
struct ContainerLimits {
  std::int64_t memory_bytes = std::int64_t{1} << 30;  // --memory: 1 GiB
  std::int64_t pids = 1024;                           // --pids-limit

  bool operator==(const ContainerLimits&) const = default;
};

// "512m", "2g", "1073741824", "0": a size in bytes with an optional binary unit b, k, m, g (as
// `docker run --memory` reads it; upper case too). Throws UsageError naming `flag` otherwise, and
// below the engine's minimum of 6 MiB (but 0).
std::int64_t parse_memory_size(std::string_view text, std::string_view flag = "--memory");

// When the original image is pulled from its registry (--pull), as `docker run --pull` decides.
enum class PullPolicy {
  kMissing,  // only when the engine does not have it
  kAlways,   // every time (a tag may have moved)
  kNever,    // never: a missing image is an error
};

// "missing", "always", "never". Throws UsageError otherwise.
PullPolicy parse_pull_policy(std::string_view text);

class RunWatch;

// The original image run once under the sensor, probed, and the runs that verify against it.
struct AnalysisOptions {
  std::string image;  // the original, as the user names it
  PullPolicy pull = PullPolicy::kMissing;
  std::filesystem::path sensor_path;  // the static sensor binary on the host

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
  // The most minify reads of the sensor's record, and of the pack summary it lists paths from
  // (--max-record-mb): the record of a big app is a few MB, and a planted one must not fill
  // minify's memory.
  std::uint64_t max_record_bytes = std::uint64_t{64} << 20;
  ContainerLimits limits;
  // How the analysis and verify runs start (-e, -v, --network, ...): the runs only, never the
  // slim image's config.
  RunOptions run;

  // Where the engine is, seen from here (cmd/minify sets these from the endpoint): the image's
  // ports are published on the engine's machine at `publish_address` (its loopback for an
  // engine on this machine; every interface for a remote one, or nothing here could reach them)
  // and probed at `published_host`. A container's own address on the engine's bridge is
  // reachable only from the engine's machine.
  std::string publish_address = "127.0.0.1";
  std::string published_host = "127.0.0.1";
  bool container_addresses_reachable = true;
  // The engine is on this machine and may see its files: the pack container is offered a pipe
  // from here to stream the layer through (layer_pipe.h); an engine that refuses the mount, or a
  // sensor that cannot open it, leaves the layer to the archive API.
  bool offer_layer_pipe = true;

  // Verify: the same probes run again (on the slim image, or under the seccomp profile) and
  // compared with the analysis run.
  bool verify = true;
  bool verify_ignore_body = false;

  // Raised by the caller's signal handlers: `cancel` on SIGINT/SIGTERM (everything is cleaned
  // up, then Interrupted is thrown), `proceed` on SIGUSR1 (--continue-after signal).
  const std::atomic<bool>* cancel = nullptr;
  const std::atomic<bool>* proceed = nullptr;
  // This run's watch (run_watch.h), told what the run loads so that a dead run's slim image goes
  // too; nullptr: none (tests).
  RunWatch* watch = nullptr;
};

// What the slim image keeps beyond what the app used (--include...), and what it never keeps
// (--exclude), as `sensor pack` takes them.
struct KeepRules {
  std::vector<std::string> include;
  std::vector<std::string> include_bin;
  std::vector<std::string> include_exe;
  bool include_shell = false;
  std::vector<std::string> exclude;
};

// `minify build`: the slim image, tagged NAME.slim:TAG unless `tag`; written to a docker-archive
// file when `output_archive` is set, to an OCI image layout directory when `output_oci` is,
// instead of loaded (at most one of the two).
struct BuildOptions {
  AnalysisOptions analysis;
  KeepRules keep;
  std::optional<std::string> tag;
  std::optional<std::filesystem::path> output_archive;
  std::optional<std::filesystem::path> output_oci;
  // --seccomp: also write a seccomp profile of what the app called there (the sensor then runs
  // in its "full" mode) and verify both images under it.
  std::optional<std::filesystem::path> seccomp_profile;
  // --push: push the slim image (whose tag must then name a registry) once it passed verify.
  bool push = false;
};

// `minify profile`: the analysis run in "full" mode and a seccomp profile of what the app called,
// written to `seccomp_profile`; verify runs the original image under it.
struct ProfileOptions {
  AnalysisOptions analysis;
  std::filesystem::path seccomp_profile;
};

}  // namespace minify::pipeline
