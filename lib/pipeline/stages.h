#pragma once
// Internal to lib/pipeline: the stages run_build calls in order, each owning (and removing) the
// container it makes.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/engine_client.h"
#include "pipeline/build_options.h"
#include "pipeline/probe_runner.h"
#include "pipeline/temp_dir.h"
#include "progress/progress_reporter.h"
#include "record/record.h"
#include "report/build_report.h"

namespace minify::pipeline {

// What the build knows of the original image.
struct SourceFacts {
  std::string reference;  // as given
  std::string id;         // "sha256:..."
  nlohmann::json inspect;
  std::vector<std::string> argv;  // ENTRYPOINT + CMD
  std::string user;               // USER, "" for root
  std::string path_env;           // PATH from Env, default when none
  std::vector<int> tcp_ports;     // exposed
};

struct Stage {
  const engine::EngineClient& engine;
  const BuildOptions& options;
  progress::ProgressReporter& progress;
  const SourceFacts& source;
};

// How the app's run ends, resolved from --continue-after and what is probed.
ContinueAfter::Kind resolved_continue_after(const BuildOptions& options, const ProbePlan& plan);

struct AnalysisOutcome {
  record::Record record;
  std::string record_json;  // the bytes, as the sensor wrote them (handed to the pack container)
  ProbeLog probes;          // for a job run to its exit: one kExit result (status, stdout)
  int exit_code = 0;        // the container's
};

AnalysisOutcome run_analysis(const Stage& stage, const ProbePlan& plan, ContinueAfter::Kind end);

struct PackOutcome {
  std::filesystem::path keep_tar;  // the keep-set, as `sensor pack` wrote it
  nlohmann::json summary;          // analysis/summary.h
};

PackOutcome run_pack(const Stage& stage, const std::string& record_json, const TempDir& temp);

struct VerifyOutcome {
  ProbeLog probes;
  std::vector<std::string> mismatches;
  std::string slim_logs;
};

VerifyOutcome run_verify(const Stage& stage, const std::string& slim_id, const ProbePlan& plan,
                         ContinueAfter::Kind end, const ProbeLog& original);

// The sensor binary's bytes; throws naming the path when missing.
std::string read_sensor(const std::filesystem::path& path);

}  // namespace minify::pipeline
