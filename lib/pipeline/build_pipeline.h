#pragma once
// `minify build` as drawn in docs/ARCHITECTURE.md: inspect, analysis container (sensor +
// probes), pack container (keep-set tar), slim image (layer, config, load), verify, report.
// `minify profile` runs the same pipeline with build_image == false: the analysis alone.
//
// Contract: never modifies the original image; every container it creates is labelled
// `minify` and removed on every way out; every temporary file too; every wait is bounded.
// Throws Interrupted when options.cancel was raised (after cleaning up), engine::EngineError
// for the engine's refusals (a missing image: "image 'x' not found"), AppExited when the app
// died, probe::NotReadyError when it never answered, std::runtime_error otherwise, each with a
// one-line message. A failed verify is not thrown: result.report.verify says what differed.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/engine_client.h"
#include "pipeline/build_options.h"
#include "probe/probe_result.h"
#include "progress/progress_reporter.h"
#include "record/record.h"
#include "report/build_report.h"

namespace minify::pipeline {

struct BuildResult {
  report::BuildReport report;
  record::Record record;            // the sensor's record of the analysis run, parsed
  nlohmann::json original_inspect;  // GET /images/{name}/json of the original
  std::vector<probe::ProbeResult> original_probes;
  std::vector<probe::ProbeResult> slim_probes;  // empty when verify did not run
  bool verify_failed() const { return report.verify.ran && !report.verify.passed; }
};

BuildResult run_build(const engine::EngineClient& engine, const BuildOptions& options,
                      progress::ProgressReporter& progress);

}  // namespace minify::pipeline
