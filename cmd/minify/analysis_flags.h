#pragma once
// The flags `minify build` and `minify profile` share, as both run the same analysis
// (lib/pipeline): what to probe, when to stop, where the sensor is, how long to wait, where the
// report goes; and the signals that stop (Ctrl-C, SIGTERM) or move on (SIGUSR1) a run.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compose/companions.h"
#include "compose/compose_file.h"
#include "engine/endpoint_resolution.h"
#include "engine/engine.h"
#include "pipeline/options.h"
#include "progress/progress_reporter.h"

namespace minify::cli {

struct AnalysisFlags {
  pipeline::AnalysisOptions analysis;
  engine::EndpointFlags engine;  // -H, --context
  std::vector<std::string> probes;
  std::vector<std::string> probe_files;
  std::string continue_after;
  std::string sensor;
  std::string report_file;
  std::string seccomp_file;
  int timeout_seconds = 300;
  int max_record_mb = 64;
  std::string memory = "1g";
  std::string pull = "missing";
  bool json = false;
  // docker run's run-time options for the analysis and verify runs (pipeline::RunOptions).
  std::vector<std::string> env;
  std::vector<std::string> env_files;
  std::vector<std::string> volumes;
  std::vector<std::string> mounts;
  std::vector<std::string> add_hosts;
  std::vector<std::string> cap_add;
  std::vector<std::string> expose;
  std::vector<std::string> publish;
  std::optional<std::string> entrypoint;
  std::string cmd;
  std::vector<std::string> args;  // words after IMAGE (or after --): the app's CMD
  // --compose-file FILE --service NAME: the image and run options are the service's.
  std::string compose_file;
  std::string service;
  std::optional<compose::Project> compose;
};

// Adds the shared options (the engine's -H and --context among them) to `cmd`; `verify_help` says
// what verify runs for that command.
void add_analysis_flags(CLI::App& cmd, AnalysisFlags& flags, const std::string& verify_help);

// --pull missing|always|never (build, profile and xray).
void add_pull_flag(CLI::App& cmd, std::string& pull);

// After parsing: turns the flags into `flags.analysis` (probes, --continue-after, the sensor's
// path, the timeout) and points its cancel/proceed flags at the signal handlers it installs.
// Throws with a one-line reason for a bad probe, probe file or --continue-after.
void prepare_analysis(AnalysisFlags& flags);

// What build and profile do around their pipeline run, in this order: progress on stderr;
// connect to the engine the flags name and point `analysis` at it (where published ports are
// reached, whether container addresses are); check that `seccomp_profile`, when given, can be
// written (a usage error, CLI::ValidationError, when not); remove what dead runs left and watch
// this one (`analysis.watch`); start the compose companions, torn down after; then
// `run(engine, progress)`. An interruption (Ctrl-C, SIGTERM) becomes exit code 130 with a
// one-line note.
void run_analysis_command(
    const AnalysisFlags& flags, pipeline::AnalysisOptions& analysis,
    const std::optional<std::filesystem::path>& seccomp_profile,
    const std::function<void(const engine::Engine&, progress::ProgressReporter&)>& run,
    int& exit_code);

// How build and profile end on a failed verify: the verified container's output `logs` (when
// any, after "minify: <whose_output>:"), the line "minify: verify failed: <what>", and exit code
// 3 (a check failed: a CI gate).
void fail_verify(const std::string& logs, std::string_view whose_output, std::string_view what,
                 int& exit_code);

// Writes the JSON report where the flags send it (--report FILE, pretty; --json: stdout) and
// returns the stream for the text summary (stderr with --json, so that stdout stays the JSON).
// Throws when the file cannot be written.
std::ostream& write_report(const AnalysisFlags& flags, const nlohmann::json& report);

}  // namespace minify::cli
