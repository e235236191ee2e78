#include "pipeline/verify_stage.h"

#include "pipeline/app_container.h"
#include "pipeline/interrupted.h"
#include "probe/comparison.h"
#include "probe/readiness.h"

namespace minify::pipeline {

namespace {

// A container of `image` running the app as the analysis did: the run options, and the argv and
// user they made (SourceFacts), when they change the image's.
nlohmann::json app_config(const StageContext& stage, const std::string& image) {
  const RunOptions& run = stage.options.run;
  nlohmann::json config = {{"Image", image}};
  if (run.entrypoint || run.cmd) {
    const auto& argv = stage.source.argv;
    config["Entrypoint"] = {argv.front()};
    config["Cmd"] = std::vector<std::string>(argv.begin() + 1, argv.end());
  }
  if (run.user) config["User"] = *run.user;
  apply_run_options(config, run);
  apply_limits(config, stage.options.limits);
  return config;
}

// The original job run once more, as a user runs it (no sensor), labelled minify=original: its
// exit status and stdout in a result shaped like `like`. Throws AppExited when it does not end
// within --timeout.
probe::ProbeResult rerun_original_job(const StageContext& stage, const probe::ProbeResult& like) {
  const AnalysisOptions& options = stage.options;
  AppContainer app(stage.engine, app_config(stage, stage.source.id), "original", {});
  app.start();
  auto waited = stage.engine.wait_container(app.id(), options.timeout, options.cancel);
  if (!waited)
    throw AppExited(
        "the original image, run again to learn what its output varies, did not exit "
        "within " +
        std::to_string(options.timeout.count()) + "s");
  engine::LogsOptions stdout_only;
  stdout_only.stderr_stream = false;
  probe::ProbeResult result = like;
  result.status = static_cast<int>(waited->exit_code);
  result.output = stage.engine.container_logs(app.id(), stdout_only).out;
  return result;
}

}  // namespace

VerifyOutcome run_verify(const StageContext& stage, report::VerifyRun run,
                         const std::string& image_id, const std::vector<std::string>& security_opt,
                         const ProbePlan& plan, ContinueAfter::Kind end, const ProbeLog& original,
                         const ProbeLog& again) {
  const AnalysisOptions& options = stage.options;
  VerifyOutcome outcome;
  auto whole_run = [&](std::string what) {
    outcome.mismatches.push_back({run, std::nullopt, "", std::move(what)});
  };
  auto phase = stage.progress.begin("verify: running the slim image");
  nlohmann::json config = app_config(stage, image_id);
  if (!security_opt.empty()) config["HostConfig"]["SecurityOpt"] = security_opt;
  AppContainer app(stage.engine, config, "verify", stage.source.tcp_ports, options.publish_address);
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
      outcome.probes = runner.replay(app, original, true);
    }
  } catch (const AppExited& e) {
    whole_run(e.what());
  } catch (const probe::NotReadyError& e) {
    whole_run(std::string("the slim image: ") + e.what());
  }
  throw_if_cancelled(options.cancel);

  if (outcome.mismatches.empty()) {
    probe::CompareOptions compare{.ignore_body = options.verify_ignore_body};
    auto differences =
        probe::compare_runs(original.results, again.results, outcome.probes.results, compare);
    if (job && !differences.empty() && !original.results.empty() && again.results.empty() &&
        outcome.probes.results.size() == 1 &&
        outcome.probes.results[0].status == original.results[0].status) {
      // Only now is it worth knowing what the job's output varies: one more run of the original.
      auto phase_again = stage.progress.begin("verify: running the original job again");
      try {
        std::vector<probe::ProbeResult> repeat{rerun_original_job(stage, original.results[0])};
        differences =
            probe::compare_runs(original.results, repeat, outcome.probes.results, compare);
      } catch (const AppExited&) {
        // Nothing learnt: the differences stand as found.
      }
      phase_again.finish();
    }
    for (auto& m : differences) {
      std::optional<std::size_t> probe;
      if (m.index < original.results.size()) probe = m.index;
      outcome.mismatches.push_back({run, probe, std::move(m.name), std::move(m.what)});
    }
  }
  if (!outcome.mismatches.empty()) outcome.logs = app.output_tail(4000);
  phase.finish();
  // ~AppContainer removes it by force: killed at once, no StopSignal and no grace to wait, as
  // nothing of the app matters once its probes are answered.
  return outcome;
}

}  // namespace minify::pipeline
