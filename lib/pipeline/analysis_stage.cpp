#include "pipeline/analysis_stage.h"

#include <unistd.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "pipeline/app_container.h"
#include "pipeline/container_file.h"
#include "pipeline/interrupted.h"
#include "probe/readiness.h"
#include "seccomp/runtime_baseline.h"

namespace minify::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

// How often the stop looks for the final record: a poll of a missing file is one cheap call.
constexpr std::chrono::milliseconds kStopPoll{20};

std::string seconds_text(std::chrono::seconds s) {
  return std::to_string(s.count()) + "s";
}

// The image's StopSignal, which `docker stop` would send; unset: SIGTERM.
std::optional<std::string> image_stop_signal(const SourceFacts& source) {
  const auto image_config = source.inspect.value("Config", nlohmann::json::object());
  if (auto it = image_config.find("StopSignal");
      it != image_config.end() && it->is_string() && !it->get<std::string>().empty())
    return it->get<std::string>();
  return std::nullopt;
}

// The analysis container: the sensor as its entrypoint, running the image's ENTRYPOINT + CMD.
nlohmann::json analysis_config(const StageContext& stage, protocol::TraceMode mode) {
  const SourceFacts& source = stage.source;
  protocol::TraceArgs args;
  args.mode = mode;
  // What every profile allows anyway need not be handed over to be counted (a round trip each).
  if (mode == protocol::TraceMode::kFull) args.granted = seccomp::runtime_baseline();
  if (!source.user.empty()) args.user = source.user;
  // The host stops the container with the image's StopSignal: the sensor stops the app with it.
  args.stop_signal = image_stop_signal(source);
  // Stopped by minify, the sensor holds with the final record: read at once, its exit left to
  // the background removal (stop_app).
  args.hold = true;
  args.argv = source.argv;
  // A capability the user asked for (--cap-add) is the app's: the sensor leaves it in its sets.
  for (const auto& cap : protocol::kSensorCapabilities)
    for (const auto& asked : stage.options.run.cap_add)
      if (asked == "ALL" || asked == cap.name) args.keep_caps.emplace_back(cap.name);
  // The engine's default capabilities plus the sensor's own, which the sensor takes away from
  // the app before exec (protocol::kSensorCapabilities): the app holds what `docker run` gives.
  nlohmann::json cap_add = nlohmann::json::array();
  for (const auto& cap : protocol::kSensorCapabilities) cap_add.push_back(std::string(cap.name));
  nlohmann::json config = {
      {"Image", source.id},
      {"Entrypoint", {std::string(protocol::kSensorPath)}},
      {"Cmd", args.to_argv()},
      // The sensor starts as root to trace and watch, then runs the app as the image's USER.
      {"User", "0"},
      {"HostConfig", {{"CapAdd", cap_add}}},
  };
  apply_run_options(config, stage.options.run);
  apply_limits(config, stage.options.limits);
  return config;
}

// What the app touched under a mount target is the mount's, not the image's: left out of the
// record, so that it is never packed (the pack container sees the image's own files there).
void drop_mounted_paths(AnalysisOutcome& outcome, const std::vector<Mount>& mounts) {
  if (mounts.empty()) return;
  auto mounted = [&](const record::PathEntry& entry) {
    return std::any_of(mounts.begin(), mounts.end(),
                       [&](const Mount& m) { return under_mount(entry.path, m.target); });
  };
  auto& paths = outcome.record.paths;
  paths.erase(std::remove_if(paths.begin(), paths.end(), mounted), paths.end());
  outcome.record_json = record::to_json(outcome.record).dump();
}

// Waits for the container to stop by itself within `limit`; false when it did not.
bool wait_exit(const StageContext& stage, const AppContainer& app,
               std::chrono::milliseconds limit) {
  if (limit.count() <= 0) return false;
  return stage.engine.wait_container(app.id(), limit, stage.options.cancel).has_value();
}

bool running(const StageContext& stage, const AppContainer& app) {
  auto state = stage.engine.inspect_container(app.id()).value("State", nlohmann::json::object());
  return state.value("Running", false);
}

// Stops the app as `docker stop` would, through the sensor, which holds once the app has ended
// and the final record is written at its own path (TraceArgs::hold). Returns that record, read
// out of the still running container: the container's exit and the engine's clean-up of it
// (0.1-0.15 s) are left to the background removal. nullopt when the container ended instead
// (the app ended by itself meanwhile, or the sensor failed, or it outlived --stop-grace and was
// killed): its record is then read from the stopped container, as a job's.
std::optional<std::string> stop_app(const StageContext& stage, const AppContainer& app,
                                    const FileBound& bound) {
  const AnalysisOptions& options = stage.options;
  try {
    stage.engine.kill_container(app.id(), image_stop_signal(stage.source).value_or("SIGTERM"));
  } catch (const engine::EngineError& e) {
    if (e.kind() != engine::ErrorKind::kConflict) throw;
    return std::nullopt;  // it ended first
  }
  // The app, root in its container, could plant that file before its end: a record it wrote
  // asks for nothing it could not have had by touching those files and calling those syscalls,
  // and it is read within the same bound as the sensor's.
  const std::string final_record = protocol::final_record_path(protocol::kRecordPath);
  const auto deadline = Clock::now() + options.stop_grace;
  for (;;) {
    // A missing file costs the engine next to nothing (no call into the container).
    try {
      return read_container_file(stage.engine, app.id(), final_record, bound, options.cancel);
    } catch (const engine::EngineError& e) {
      if (e.kind() != engine::ErrorKind::kNotFound) throw;
    }
    if (!running(stage, app)) return std::nullopt;
    if (Clock::now() >= deadline) {
      // As the engine's stop past its grace: SIGKILL.
      stage.engine.stop_container(app.id(), std::chrono::seconds(0));
      return std::nullopt;
    }
    throw_if_cancelled(options.cancel);
    std::this_thread::sleep_for(kStopPoll);
  }
}

// The sensor's own words: the lines it writes to the container's stderr as "sensor: ..." when it
// fails (it cannot trace, cannot become the image's USER, cannot write the record), the last
// few, joined into one line. Empty when it wrote none.
std::string sensor_message(const StageContext& stage, const AppContainer& app) {
  constexpr std::string_view kPrefix = "sensor: ";
  constexpr std::size_t kLines = 3;
  engine::LogsOptions options;
  options.stdout_stream = false;
  options.tail = "100";
  options.limit = {8 * 1024, true};
  std::string err;
  try {
    err = stage.engine.container_logs(app.id(), options, std::chrono::seconds(10)).err;
  } catch (const engine::EngineError&) {
    return {};  // the error at hand is still worth its own message
  }
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < err.size();) {
    std::size_t end = std::min(err.find('\n', start), err.size());
    std::string_view line(err.data() + start, end - start);
    if (line.starts_with(kPrefix)) lines.emplace_back(line.substr(kPrefix.size()));
    start = end + 1;
  }
  std::string message;
  for (std::size_t i = lines.size() > kLines ? lines.size() - kLines : 0; i < lines.size(); ++i)
    message += (message.empty() ? "" : "; ") + lines[i];
  return message;
}

// Throws the sensor's own message when it failed, so that what went wrong is named rather than
// what it caused later (an app that "exited", a record that is missing or cannot be read).
void throw_if_sensor_failed(const StageContext& stage, const AppContainer& app) {
  std::string message = sensor_message(stage, app);
  if (message.empty()) return;
  auto state = stage.engine.inspect_container(app.id()).value("State", nlohmann::json::object());
  throw std::runtime_error("the sensor failed (container exit status " +
                           std::to_string(state.value("ExitCode", -1)) + "): " + message);
}

}  // namespace

AnalysisOutcome run_analysis(const StageContext& stage, protocol::TraceMode mode,
                             const ProbePlan& plan, ContinueAfter::Kind end,
                             const std::function<void()>& while_app_starts) {
  const AnalysisOptions& options = stage.options;
  AnalysisOutcome outcome;
  auto phase =
      stage.progress.begin("analysis: starting " + stage.source.reference + " under the sensor");
  std::string sensor = read_sensor(options.sensor_path);
  AppContainer app(stage.engine, analysis_config(stage, mode), "analysis", stage.source.tcp_ports,
                   options.publish_address);
  put_container_files(stage.engine, app.id(), {{std::string(protocol::kSensorPath), sensor, 0755}},
                      options.cancel);
  auto started = Clock::now();
  app.start();
  phase.finish();
  if (while_app_starts) {
    throw_if_cancelled(options.cancel);  // Ctrl-C during the start: nothing more is made
    while_app_starts();
  }

  ProbeRunner runner(stage.engine, plan, options.cancel,
                     protocol::listening_ports_path(protocol::kRecordPath));
  if (end != ContinueAfter::Kind::kExit && !plan.empty()) {
    auto probing = stage.progress.begin("analysis: probing the app");
    try {
      outcome.probes = runner.run(app);
    } catch (const AppExited&) {
      throw_if_sensor_failed(stage, app);
      throw;
    }
    for (const auto& result : outcome.probes.results) {
      if (result.failed)
        throw std::runtime_error(
            "probe '" + result.name + "' failed on the original image: " +
            (result.error.empty() ? "status " + std::to_string(result.status) : result.error));
    }
    // Costs the probes' own time once more (milliseconds for HTTP), no container start.
    outcome.repeat = runner.replay(app, outcome.probes, false);
    probing.finish();
  }

  auto waiting = stage.progress.begin("analysis: waiting for the app");
  bool exited = false;
  switch (end) {
    case ContinueAfter::Kind::kExit:
    case ContinueAfter::Kind::kAuto:
      exited = wait_exit(stage, app, options.timeout);
      if (!exited)
        throw std::runtime_error("the app did not exit within " + seconds_text(options.timeout) +
                                 " (--timeout); a server needs probes or --continue-after "
                                 "probe|timeout:SECONDS|signal");
      break;
    case ContinueAfter::Kind::kTimeout: {
      auto left = options.continue_after.seconds -
                  std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
      exited = wait_exit(stage, app, std::chrono::duration_cast<std::chrono::milliseconds>(left));
      break;
    }
    case ContinueAfter::Kind::kSignal: {
      auto deadline = started + options.timeout;
      stage.progress.note("analysis: send SIGUSR1 to minify (pid " + std::to_string(::getpid()) +
                          ") to end the run");
      while (!(options.proceed && options.proceed->load())) {
        throw_if_cancelled(options.cancel);
        if (!running(stage, app)) break;
        if (Clock::now() >= deadline)
          throw std::runtime_error("no SIGUSR1 within " + seconds_text(options.timeout) +
                                   " (--timeout)");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      break;
    }
    case ContinueAfter::Kind::kProbe:
      break;
  }
  throw_if_cancelled(options.cancel);
  const FileBound bound{"the sensor's record", options.max_record_bytes, "--max-record-mb"};
  // The sensor relays the stop signal, lets the app end, writes the record and holds.
  std::optional<std::string> held_record;
  if (!exited && running(stage, app)) held_record = stop_app(stage, app, bound);
  if (!held_record) {
    auto state = stage.engine.inspect_container(app.id()).value("State", nlohmann::json::object());
    outcome.exit_code = state.value("ExitCode", 0);
  }
  waiting.finish();

  if (end == ContinueAfter::Kind::kExit || end == ContinueAfter::Kind::kAuto) {
    engine::LogsOptions stdout_only;
    stdout_only.stderr_stream = false;
    probe::ProbeResult job;
    job.kind = probe::ProbeKind::kExit;
    job.name = "exit: " + (stage.source.argv.empty() ? std::string("app") : stage.source.argv[0]);
    job.answered = true;
    job.status = outcome.exit_code;
    job.output = stage.engine.container_logs(app.id(), stdout_only).out;
    if (outcome.exit_code != 0) {
      throw_if_sensor_failed(stage, app);
      std::string tail = app.output_tail();
      throw AppExited("the app exited with status " + std::to_string(outcome.exit_code) +
                      (tail.empty() ? "" : "; its last output:\n" + tail));
    }
    outcome.probes.results.push_back(std::move(job));
  }

  auto fetch = stage.progress.begin("analysis: fetching the record");
  try {
    if (held_record) {
      outcome.record_json = std::move(*held_record);
      fetch.advance(outcome.record_json.size());
    } else {
      outcome.record_json =
          read_container_file(stage.engine, app.id(), protocol::kRecordPath, bound, options.cancel,
                              [&](std::size_t n) { fetch.advance(n); });
    }
  } catch (const engine::EngineError& e) {
    if (e.kind() != engine::ErrorKind::kNotFound) throw;
    throw_if_sensor_failed(stage, app);
    std::string tail = app.output_tail();
    throw std::runtime_error("the sensor wrote no record (container exit status " +
                             std::to_string(outcome.exit_code) + ")" +
                             (tail.empty() ? "" : "; its last output:\n" + tail));
  } catch (const std::runtime_error&) {
    throw_if_sensor_failed(stage, app);
    throw;
  }
  try {
    outcome.record = record::record_from_json(nlohmann::json::parse(outcome.record_json));
  } catch (const std::exception& e) {
    throw_if_sensor_failed(stage, app);
    throw std::runtime_error(std::string("the sensor's record cannot be read: ") + e.what());
  }
  drop_mounted_paths(outcome, options.run.mounts);
  fetch.finish();
  done_with(stage, app);
  return outcome;
}

}  // namespace minify::pipeline
