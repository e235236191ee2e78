#include "pipeline/pipeline.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <utility>

#include "pipeline/analysis_stage.h"
#include "pipeline/background_removals.h"
#include "pipeline/image_pull.h"
#include "pipeline/image_push.h"
#include "pipeline/image_stage.h"
#include "pipeline/inspect_stage.h"
#include "pipeline/interrupted.h"
#include "pipeline/pack_stage.h"
#include "pipeline/run_volumes.h"
#include "pipeline/seccomp_stage.h"
#include "pipeline/slim_image_load.h"
#include "pipeline/stage_context.h"
#include "pipeline/temp_dir.h"
#include "pipeline/verify_stage.h"

namespace minify::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

class PhaseClock {
 public:
  explicit PhaseClock(report::BuildReport& report) : report_(report), start_(Clock::now()) {}
  void lap(const std::string& name) {
    auto now = Clock::now();
    report_.phases.push_back({name, std::chrono::duration<double>(now - start_).count()});
    start_ = now;
  }

 private:
  report::BuildReport& report_;
  Clock::time_point start_;
};

report::ProbeRun probe_run(const probe::ProbeResult& r) {
  std::string error = r.error.size() > 500 ? r.error.substr(0, 500) + "..." : r.error;
  return {r.answered, r.status, r.output.size(), error, r.elapsed_ms};
}

struct Inspected {
  SourceFacts source;
  ProbePlan plan;
  ContinueAfter::Kind end = ContinueAfter::Kind::kAuto;
};

// The inspect step: everything that can be refused is refused here, before any container
// exists. `also_check` adds the caller's own checks on the source (the slim tag).
Inspected inspect(const engine::Engine& engine, const AnalysisOptions& options,
                  progress::ProgressReporter& progress, report::BuildReport& report,
                  const std::function<void(const SourceFacts&)>& also_check) {
  auto inspecting = progress.begin("inspect " + options.image);
  Inspected in;
  // --pull: from its registry first, or when the engine does not have it.
  pull_per_policy(engine, options.image, options.pull, progress, options.cancel,
                  [&] { in.source = inspect_source(engine, options.image, options.run); });
  report.original = {options.image, in.source.id, in.source.inspect.value("Size", std::int64_t{0})};
  read_sensor(options.sensor_path);
  in.plan = plan_probes(options, in.source);
  in.end = resolved_continue_after(options, in.plan);
  if (also_check) also_check(in.source);
  inspecting.finish();
  return in;
}

void add_analysis(report::BuildReport& report, const AnalysisOutcome& analysis,
                  const SourceFacts& source) {
  report.fanotify = analysis.record.fanotify;
  report.listening_ports = analysis.record.listening_ports;
  for (const auto& p : analysis.probes.ports) {
    bool exposed = std::find(source.tcp_ports.begin(), source.tcp_ports.end(), p.port) !=
                   source.tcp_ports.end();
    report.probed_ports.push_back({p.port, exposed, std::string(route_name(p.route))});
  }
  for (const auto& note : analysis.probes.notes) report.warnings.push_back(note);
  report.app_exit_status = analysis.record.exit_status;
  for (const auto& w : analysis.record.warnings) report.warnings.push_back(w);
  for (const auto& r : analysis.probes.results)
    report.probes.push_back({std::string(probe::kind_name(r.kind)), r.name, probe_run(r), {}});
}

// Verify runs combine: every run must pass; their mismatches are listed in the order the runs
// were made; the logs are the first failing run's.
void add_verify(report::Verify& verify, VerifyOutcome&& run) {
  verify.passed = (!verify.ran || verify.passed) && run.mismatches.empty();
  verify.ran = true;
  for (auto& m : run.mismatches) verify.mismatches.push_back(std::move(m));
  if (verify.slim_logs.empty()) verify.slim_logs = std::move(run.logs);
}

BuildResult build(const engine::Engine& engine, const BuildOptions& options,
                  progress::ProgressReporter& progress) {
  const AnalysisOptions& analysis_options = options.analysis;
  if (options.seccomp_profile) check_profile_destination(*options.seccomp_profile);
  BuildResult result;
  report::BuildReport& report = result.report;
  report.minify_version = MINIFY_VERSION;
  // Without a seccomp profile to write, the paths the app touched are all the sensor records.
  const auto mode = options.seccomp_profile ? kSeccompTraceMode : protocol::TraceMode::kFiles;
  report.sensor_mode = std::string(protocol::mode_name(mode));
  PhaseClock clock(report);

  std::string target;
  Inspected in = inspect(engine, analysis_options, progress, report, [&](const SourceFacts& s) {
    target = slim_target(analysis_options.image, options.tag, s);
    if (options.push) check_push_target(target);
  });
  clock.lap("inspect");

  RunVolumes volumes(engine, analysis_options.run.mounts);
  // Declared after the volumes, so gone first: every container handed to it is removed before
  // build returns, and before the volumes it may use.
  BackgroundRemovals removals(engine);
  StageContext stage{engine, analysis_options, progress, in.source, &removals};
  // Made and started on a thread of its own while the app starts under the sensor, so that it
  // costs no time in the analysis (a server ready in 0.1 s would otherwise wait for it). The
  // analysis phase's time includes whatever of it is left; "pack" is from the record on. It lives
  // until the image stage has streamed the layer out of it; on a way out the future's end waits
  // for it, then removes it (in the background, before `removals` goes).
  // The build's files (the pack container's pipe, with --output the layer), gone after it.
  TempDir temp;
  std::future<std::unique_ptr<PackContainer>> pack_starting;
  // Asked meanwhile too: how the engine takes the slim image best (engine/image_store.h).
  const bool loads = !options.output_archive && !options.output_oci;
  std::future<engine::ImageStore> image_store;
  if (loads)
    image_store = std::async(std::launch::async, [&] {
      try {
        const engine::EngineKind kind = engine.version().kind;
        return engine::image_store_of(kind, engine.info());
      } catch (const engine::EngineError&) {
        // An engine that cannot say: the whole-archive load, which every engine takes.
        return engine::ImageStore::kContainerd;
      }
    });
  AnalysisOutcome analysis = run_analysis(stage, mode, in.plan, in.end, [&] {
    pack_starting = std::async(std::launch::async, [&] {
      return std::make_unique<PackContainer>(stage, options.keep, temp.path());
    });
  });
  clock.lap("analysis");
  add_analysis(report, analysis, in.source);
  std::optional<SeccompOutcome> seccomp;
  if (options.seccomp_profile) {
    seccomp = write_seccomp_profile(engine, analysis.record, *options.seccomp_profile);
    result.seccomp = seccomp->summary;
  }

  // run_analysis called while_app_starts, or it did not return.
  std::unique_ptr<PackContainer> pack_container = pack_starting.get();
  report::add_pack_summary(report, pack_container->pack(analysis.record_json));
  clock.lap("pack");

  std::optional<SlimImageLoad> load;
  if (loads) load.emplace(engine, target, analysis_options.watch);
  ImageOutcome image = run_image(
      stage, *pack_container, target, loads ? image_store.get() : engine::ImageStore::kContainerd,
      load ? &*load : nullptr, options.output_archive, options.output_oci, temp);
  pack_container.reset();
  report.kept_paths = std::move(image.kept_paths);
  report.output = image.output;
  report.slim = image.slim;
  clock.lap("image");
  // --push, last, while the load is held (an error or Ctrl-C undoes it as any other): only an
  // image that was loaded and passed verify (or was not asked to) leaves for the registry.
  auto pushed = [&]() -> BuildResult {
    if (options.push && !image.loaded_id.empty() && !result.verify_failed()) {
      result.pushed = push_slim_image(engine, target, progress, analysis_options.cancel);
      clock.lap("push");
    }
    return std::move(result);
  };

  if (!analysis_options.verify) return pushed();
  if (image.loaded_id.empty()) {
    report.warnings.push_back("verify skipped: the image was written to a file, not loaded");
    return pushed();
  }
  VerifyOutcome verified = run_verify(stage, report::VerifyRun::kSlim, image.loaded_id, {}, in.plan,
                                      in.end, analysis.probes, analysis.repeat);
  for (std::size_t i = 0; i < report.probes.size() && i < verified.probes.results.size(); ++i)
    report.probes[i].slim = probe_run(verified.probes.results[i]);
  add_verify(report.verify, std::move(verified));
  clock.lap("verify");
  if (seccomp) {
    // Under the profile: the slim image, then the original, each compared with the analysis run.
    add_verify(report.verify, run_verify(stage, report::VerifyRun::kSlimUnderSeccomp,
                                         image.loaded_id, {seccomp->security_opt}, in.plan, in.end,
                                         analysis.probes, analysis.repeat));
    clock.lap("verify slim");
    add_verify(report.verify, run_verify(stage, report::VerifyRun::kOriginalUnderSeccomp,
                                         in.source.id, {seccomp->security_opt}, in.plan, in.end,
                                         analysis.probes, analysis.repeat));
    clock.lap("verify original");
  }
  return pushed();
}

ProfileResult profile(const engine::Engine& engine, const ProfileOptions& options,
                      progress::ProgressReporter& progress) {
  const AnalysisOptions& analysis_options = options.analysis;
  check_profile_destination(options.seccomp_profile);
  ProfileResult result;
  report::BuildReport& report = result.report;
  report.minify_version = MINIFY_VERSION;
  report.sensor_mode = std::string(protocol::mode_name(kSeccompTraceMode));
  PhaseClock clock(report);

  Inspected in = inspect(engine, analysis_options, progress, report, {});
  clock.lap("inspect");

  RunVolumes volumes(engine, analysis_options.run.mounts);
  BackgroundRemovals removals(engine);
  StageContext stage{engine, analysis_options, progress, in.source, &removals};
  AnalysisOutcome analysis = run_analysis(stage, kSeccompTraceMode, in.plan, in.end);
  clock.lap("analysis");
  add_analysis(report, analysis, in.source);
  SeccompOutcome seccomp = write_seccomp_profile(engine, analysis.record, options.seccomp_profile);
  result.seccomp = seccomp.summary;

  if (analysis_options.verify) {
    add_verify(report.verify, run_verify(stage, report::VerifyRun::kOriginalUnderSeccomp,
                                         in.source.id, {seccomp.security_opt}, in.plan, in.end,
                                         analysis.probes, analysis.repeat));
    clock.lap("verify original");
  }
  return result;
}

// Ctrl-C surfaces in many ways (the engine's kCancelled, a probe's error, Interrupted): once the
// flag is raised, whatever unwound the flow is reported as Interrupted, after every owner's
// destructor has cleaned up.
template <typename Flow>
auto interruptible(const AnalysisOptions& options, Flow&& flow) -> decltype(flow()) {
  try {
    return flow();
  } catch (const engine::EngineError& e) {
    if (e.kind() == engine::ErrorKind::kCancelled || (options.cancel && options.cancel->load()))
      throw Interrupted();
    throw;
  } catch (const Interrupted&) {
    throw;
  } catch (const std::exception&) {
    if (options.cancel && options.cancel->load()) throw Interrupted();
    throw;
  }
}

}  // namespace

BuildResult run_build(const engine::Engine& engine, const BuildOptions& options,
                      progress::ProgressReporter& progress) {
  return interruptible(options.analysis, [&] { return build(engine, options, progress); });
}

ProfileResult run_profile(const engine::Engine& engine, const ProfileOptions& options,
                          progress::ProgressReporter& progress) {
  return interruptible(options.analysis, [&] { return profile(engine, options, progress); });
}

}  // namespace minify::pipeline
