#pragma once
// Internal to lib/pipeline: the verify stage. An image run as a user would run it (no sensor),
// optionally under extra security options (a seccomp profile), probed exactly like the analysis
// run; every difference is a typed mismatch. The container is removed on every way out.

#include <string>
#include <vector>

#include "pipeline/options.h"
#include "pipeline/probe_runner.h"
#include "pipeline/stage_context.h"
#include "report/build_report.h"

namespace minify::pipeline {

struct VerifyOutcome {
  ProbeLog probes;
  std::vector<report::VerifyMismatch> mismatches;  // each tagged with `run`
  std::string logs;  // the container's output tail, when anything differed
};

// Runs `image_id` (HostConfig.SecurityOpt `security_opt`, when any) with `plan`, replaying
// `original` and comparing with it, a difference the original showed by itself in `again` (its
// repeat) aside. A job's stdout that differs from the original's makes the original run once more
// (no sensor, the only extra container verify ever starts) to learn what it varies. The app
// exiting or never answering is a mismatch, not an error; throws Interrupted or
// engine::EngineError(kCancelled) on Ctrl-C.
VerifyOutcome run_verify(const StageContext& stage, report::VerifyRun run,
                         const std::string& image_id, const std::vector<std::string>& security_opt,
                         const ProbePlan& plan, ContinueAfter::Kind end, const ProbeLog& original,
                         const ProbeLog& again);

}  // namespace minify::pipeline
