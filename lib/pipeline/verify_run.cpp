// The verify run: the slim image, as a user would run it (no sensor), probed exactly like the
// original; every difference is a mismatch.

#include "pipeline/interrupted.h"
#include "pipeline/stages.h"
#include "probe/comparison.h"
#include "probe/readiness.h"

namespace minify::pipeline {

VerifyOutcome run_verify(const Stage& stage, const std::string& slim_id, const ProbePlan& plan,
                         ContinueAfter::Kind end, const ProbeLog& original) {
  const BuildOptions& options = stage.options;
  VerifyOutcome outcome;
  auto phase = stage.progress.begin("verify: running the slim image");
  nlohmann::json config = {{"Image", slim_id}};
  if (!options.verify_security_opt.empty())
    config["HostConfig"]["SecurityOpt"] = options.verify_security_opt;
  AppContainer app(stage.engine, config, "verify", stage.source.tcp_ports);
  app.start();

  bool job = end == ContinueAfter::Kind::kExit || end == ContinueAfter::Kind::kAuto;
  try {
    if (job) {
      auto waited = stage.engine.wait_container(app.id(), options.timeout, options.cancel);
      if (!waited)
        throw AppExited("the slim image did not exit within " +
                        std::to_string(options.timeout.count()) + "s");
      engine::LogsOptions stdout_only;
      stdout_only.stderr_stream = false;
      probe::ProbeResult result =
          original.results.empty() ? probe::ProbeResult{} : original.results[0];
      result.status = static_cast<int>(waited->exit_code);
      result.output = stage.engine.container_logs(app.id(), stdout_only).out;
      result.error.clear();
      outcome.probes.results.push_back(std::move(result));
    } else if (!plan.empty()) {
      ProbeRunner runner(stage.engine, plan, options.cancel);
      outcome.probes = runner.run(app, &original);
    }
  } catch (const AppExited& e) {
    outcome.mismatches.push_back(e.what());
  } catch (const probe::NotReadyError& e) {
    outcome.mismatches.push_back(std::string("the slim image: ") + e.what());
  }
  throw_if_cancelled(options.cancel);

  if (outcome.mismatches.empty()) {
    auto differences = probe::compare_runs(original.results, outcome.probes.results,
                                           {.ignore_body = options.verify_ignore_body});
    for (const auto& m : differences) outcome.mismatches.push_back(m.name + ": " + m.what);
  }
  if (!outcome.mismatches.empty()) outcome.slim_logs = app.output_tail(4000);
  phase.finish();
  return outcome;  // ~AppContainer stops and removes it
}

}  // namespace minify::pipeline
