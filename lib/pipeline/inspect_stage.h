#pragma once
// Internal to lib/pipeline: the inspect step, before any container exists. What the original
// image is (SourceFacts), what will be probed (ProbePlan), when the analysis run ends, and the
// slim image's tag. Everything here fails fast, with a one-line reason.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "pipeline/options.h"
#include "pipeline/probe_runner.h"

namespace minify::pipeline {

// What the pipeline knows of the original image.
struct SourceFacts {
  std::string reference;  // as given
  std::string id;         // "sha256:..."
  nlohmann::json inspect;
  std::vector<std::string> argv;  // ENTRYPOINT + CMD, or what --entrypoint/--cmd make of them
  std::string user;               // USER (or -u), "" for root
  std::string path_env;           // PATH from Env, default when none
  std::vector<int> tcp_ports;     // exposed, and --expose, ascending
};

// Inspects `reference`, and what the run options make of it (the app's argv and user, the ports
// to publish). Throws engine::EngineError (not found, ...) or std::runtime_error when there is
// nothing to run.
SourceFacts inspect_source(const engine::Engine& engine, const std::string& reference,
                           const RunOptions& run = {});

// HTTP on --probe-port (exposed or not), else, when the image exposes a TCP port and
// --http-probe or a --probe asks for it, on the ports the app listens on; then the exec and host
// commands. Throws UsageError for a --probe with no port to send it to.
ProbePlan plan_probes(const AnalysisOptions& options, const SourceFacts& source);

// How the app's run ends: --continue-after, or for auto, kProbe when anything is probed, else
// kExit.
ContinueAfter::Kind resolved_continue_after(const AnalysisOptions& options, const ProbePlan& plan);

// The slim image's tag: `tag` (":latest" added when it has none) or NAME.slim:TAG. Throws
// UsageError when it is no valid NAME[:TAG], or when it names one of the original's tags by the
// engine's rules (reference/image_reference.h: "docker.io/library/app:1" is "app:1"), which
// would move that tag off the original.
std::string slim_target(const std::string& image, const std::optional<std::string>& tag,
                        const SourceFacts& source);

}  // namespace minify::pipeline
