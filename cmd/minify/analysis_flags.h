#pragma once
// The flags `minify build` and `minify profile` share, as both run the same analysis
// (lib/pipeline): what to probe, when to stop, where the sensor is, how long to wait, where the
// report goes; and the signals that stop (Ctrl-C, SIGTERM) or move on (SIGUSR1) a run.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/endpoint_resolution.h"
#include "pipeline/options.h"

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

// --seccomp FILE: a usage error (CLI::ValidationError) when the profile cannot be written there.
void check_seccomp_file(const std::filesystem::path& path);

// Writes `report` to `path` (pretty JSON); throws when it cannot.
void write_report_file(const nlohmann::json& report, const std::string& path);

// Runs `body`; an interruption (Ctrl-C, SIGTERM) becomes exit code 130 with a one-line note.
void run_interruptible(const std::function<void()>& body, int& exit_code);

}  // namespace minify::cli
