#pragma once
// The two flows lib/pipeline runs, drawn in lib/pipeline/README.md and docs/ARCHITECTURE.md.
//
// Both start with --pull (image_pull.h): the original from its registry, always or when missing.
// run_build (`minify build`): inspect, analysis (the original under the sensor, probed), pack
// (the keep-set, in a fresh container), image (layer, config, load or docker-archive file),
// verify (the slim image, same probes), then with a seccomp profile: written after analysis,
// verify of the slim and the original image under it; with --push (image_push.h), the slim image
// to its registry when verify passed.
// run_profile (`minify profile`): inspect, analysis in "full" mode, the seccomp profile, verify
// of the original image under it.
//
// Contract: never modifies the original image; every container it creates is labelled `minify`
// and removed on every way out; every temporary file too; every wait is bounded. Throws
// Interrupted when options.analysis.cancel was raised (after cleaning up), engine::EngineError
// for the engine's refusals (a missing image: "image 'x' not found"), AppExited when the app
// died, probe::NotReadyError when it never answered, UsageError for options the image
// cannot satisfy (checked before any container exists), std::runtime_error otherwise, each with
// a one-line message. A failed verify is not thrown: the report's verify says what differed.

#include <optional>

#include "engine/engine.h"
#include "pipeline/image_push.h"
#include "pipeline/options.h"
#include "progress/progress_reporter.h"
#include "report/build_report.h"
#include "seccomp/profile_summary.h"

namespace minify::pipeline {

struct BuildResult {
  report::BuildReport report;
  std::optional<seccomp::ProfileSummary> seccomp;  // set when a profile was asked for
  std::optional<PushOutcome> pushed;               // set when --push pushed the slim image
  bool verify_failed() const { return report.verify.ran && !report.verify.passed; }
};

struct ProfileResult {
  report::BuildReport report;  // no slim image: the analysis run, and verify under the profile
  seccomp::ProfileSummary seccomp;
  bool verify_failed() const { return report.verify.ran && !report.verify.passed; }
};

BuildResult run_build(const engine::Engine& engine, const BuildOptions& options,
                      progress::ProgressReporter& progress);

ProfileResult run_profile(const engine::Engine& engine, const ProfileOptions& options,
                          progress::ProgressReporter& progress);

}  // namespace minify::pipeline
