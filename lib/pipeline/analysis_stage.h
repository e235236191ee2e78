#pragma once
// Internal to lib/pipeline: the analysis stage. The original image run once under the sensor
// (copied into a fresh container), probed, stopped as --continue-after says, its record fetched;
// the container is removed on every way out.

#include <functional>
#include <string>
#include <string_view>

#include "pipeline/options.h"
#include "pipeline/probe_runner.h"
#include "pipeline/stage_context.h"
#include "protocol/sensor_protocol.h"
#include "record/record.h"

namespace minify::pipeline {

struct AnalysisOutcome {
  record::Record record;
  std::string record_json;  // the bytes, as the sensor wrote them (handed to the pack container)
  ProbeLog probes;          // for a job run to its exit: one kExit result (status, stdout)
  // The same HTTP and exec probes again, right after the first pass, in the same container:
  // what the original varies by itself (dates, ids). Empty for a job.
  ProbeLog repeat;
  int exit_code = 0;  // the container's
};

// `mode`: kFiles (the paths the app touched) or kFull (every syscall too, for a seccomp profile).
// `while_app_starts`, when set, is called once right after the app's container started, before
// it is waited for: work of the caller's that then costs nothing of the build's time as long as
// it is shorter than the app's start (the pack container is made there). Throws AppExited when a
// job exits non-zero, std::runtime_error when a probe fails on the original or the sensor wrote no
// record, Interrupted or engine::EngineError(kCancelled) on Ctrl-C.
AnalysisOutcome run_analysis(const StageContext& stage, protocol::TraceMode mode,
                             const ProbePlan& plan, ContinueAfter::Kind end,
                             const std::function<void()>& while_app_starts = {});

}  // namespace minify::pipeline
