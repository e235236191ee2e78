#include "pipeline/build_pipeline.h"

#include <algorithm>

#include "pack/docker_archive.h"
#include "pack/image_config.h"
#include "pack/image_loader.h"
#include "pack/layer_writer.h"
#include "pack/slim_tag.h"
#include "pipeline/interrupted.h"
#include "pipeline/stages.h"

namespace minify::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

// What the engine's runtime gives a process when the image sets no PATH.
constexpr const char* kDefaultPathEnv =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

std::vector<std::string> string_list(const nlohmann::json& value) {
  std::vector<std::string> out;
  if (value.is_array())
    for (const auto& v : value)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

SourceFacts source_facts(const engine::EngineClient& engine, const std::string& reference) {
  SourceFacts facts;
  facts.reference = reference;
  facts.inspect = engine.inspect_image(reference);
  facts.id = facts.inspect.value("Id", "");
  nlohmann::json config = facts.inspect.value("Config", nlohmann::json::object());
  if (!config.is_object()) config = nlohmann::json::object();
  facts.argv = string_list(config.value("Entrypoint", nlohmann::json()));
  for (auto& arg : string_list(config.value("Cmd", nlohmann::json()))) facts.argv.push_back(arg);
  if (facts.argv.empty())
    throw std::runtime_error("image '" + reference + "' has no ENTRYPOINT or CMD: nothing to run");
  facts.user = config.value("User", "");
  facts.path_env = kDefaultPathEnv;
  for (const auto& env : string_list(config.value("Env", nlohmann::json())))
    if (env.starts_with("PATH=")) facts.path_env = env.substr(5);
  facts.tcp_ports = exposed_tcp_ports(facts.inspect);
  return facts;
}

ProbePlan probe_plan(const BuildOptions& options, const SourceFacts& source) {
  ProbePlan plan;
  if (options.probe_port) {
    if (std::find(source.tcp_ports.begin(), source.tcp_ports.end(), *options.probe_port) ==
        source.tcp_ports.end())
      throw std::invalid_argument("--probe-port " + std::to_string(*options.probe_port) +
                                  ": the image does not expose it");
    plan.http_port = options.probe_port;
  } else if (!source.tcp_ports.empty() && (options.http_probe || !options.requests.empty())) {
    plan.http_port = source.tcp_ports.front();
  }
  if (!options.requests.empty() && !plan.http_port)
    throw std::invalid_argument("--probe needs an exposed TCP port, and the image exposes none");
  plan.crawl = options.http_probe;
  plan.requests = options.requests;
  plan.limits = options.crawl;
  plan.exec_commands = options.exec_commands;
  plan.host_commands = options.host_commands;
  plan.ready_timeout = options.timeout;
  plan.request_timeout = options.request_timeout;
  plan.exec_user = source.user;
  return plan;
}

report::ProbeRun probe_run(const probe::ProbeResult& r) {
  std::string error = r.error.size() > 500 ? r.error.substr(0, 500) + "..." : r.error;
  return {r.answered, r.status, r.output.size(), error, r.elapsed_ms};
}

void fill_keep_counts(report::BuildReport& report, const nlohmann::json& summary) {
  auto counts = [](const nlohmann::json& j) {
    report::Counts c;
    if (!j.is_object()) return c;
    c.files = j.value("files", std::uint64_t{0});
    c.dirs = j.value("dirs", std::uint64_t{0});
    c.symlinks = j.value("symlinks", std::uint64_t{0});
    c.bytes = j.value("bytes", std::uint64_t{0});
    return c;
  };
  report.kept = counts(summary.value("kept", nlohmann::json()));
  report.image = counts(summary.value("image", nlohmann::json()));
  for (const auto& d : summary.value("largest_dirs", nlohmann::json::array()))
    report.largest_dirs.push_back({d.value("path", ""), d.value("bytes", std::uint64_t{0}),
                                   d.value("files", std::uint64_t{0})});
  for (const auto& w : summary.value("warnings", nlohmann::json::array()))
    if (w.is_string()) report.warnings.push_back(w.get<std::string>());
}

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

BuildResult build(const engine::EngineClient& engine, const BuildOptions& options,
                  progress::ProgressReporter& progress) {
  BuildResult result;
  report::BuildReport& report = result.report;
  report.minify_version = MINIFY_VERSION;
  report.sensor_mode = options.sensor_mode;
  PhaseClock clock(report);

  auto inspecting = progress.begin("inspect " + options.image);
  SourceFacts source = source_facts(engine, options.image);
  result.original_inspect = source.inspect;
  report.original = {options.image, source.id, source.inspect.value("Size", std::int64_t{0})};
  read_sensor(options.sensor_path);  // fail before any container exists
  ProbePlan plan = probe_plan(options, source);
  ContinueAfter::Kind end = resolved_continue_after(options, plan);
  std::string target;
  if (options.build_image) {
    target = options.tag ? pack::with_tag(*options.tag) : pack::slim_tag_for(options.image);
    for (const auto& tag : string_list(source.inspect.value("RepoTags", nlohmann::json())))
      if (tag == target)
        throw std::invalid_argument("the slim image's tag '" + target +
                                    "' names the original image; choose another with --tag");
  }
  inspecting.finish();
  clock.lap("inspect");

  Stage stage{engine, options, progress, source};
  AnalysisOutcome analysis = run_analysis(stage, plan, end);
  clock.lap("analysis");
  result.record = analysis.record;
  result.original_probes = analysis.probes.results;
  report.fanotify = analysis.record.fanotify;
  report.app_exit_status = analysis.record.exit_status;
  for (const auto& w : analysis.record.warnings) report.warnings.push_back(w);
  for (const auto& r : analysis.probes.results)
    report.probes.push_back({std::string(probe::kind_name(r.kind)), r.name, probe_run(r), {}, {}});
  // Verify runs under extra security options (--seccomp), after the plain one: the original image
  // and the slim one, each compared with the analysis run.
  std::vector<std::string> under;
  if (options.verify_under) under = options.verify_under(analysis.record);
  auto verify_with_options = [&](const std::string& image_id, const std::string& which) {
    BuildOptions with = options;
    with.verify_security_opt.insert(with.verify_security_opt.end(), under.begin(), under.end());
    VerifyOutcome verified =
        run_verify({engine, with, progress, source}, image_id, plan, end, analysis.probes);
    report.verify.passed =
        (!report.verify.ran || report.verify.passed) && verified.mismatches.empty();
    report.verify.ran = true;
    for (const auto& m : verified.mismatches)
      report.verify.mismatches.push_back(which + " under the seccomp profile: " + m);
    if (report.verify.slim_logs.empty()) report.verify.slim_logs = verified.slim_logs;
    clock.lap("verify " + which);
  };
  if (!options.build_image) {
    if (!under.empty() && options.verify) verify_with_options(source.id, "original");
    return result;
  }

  TempDir temp;
  PackOutcome packed = run_pack(stage, analysis.record_json, temp);
  fill_keep_counts(report, packed.summary);
  clock.lap("pack");

  auto writing = progress.begin("image: writing the layer");
  pack::LayerInfo layer = pack::write_layer(packed.keep_tar, temp / "layer.tar");
  std::filesystem::remove(packed.keep_tar);
  for (const auto& e : layer.entries) report.kept_paths.push_back("/" + e.path);
  pack::SourceImage source_image{options.image, source.id, ""};
  auto digests = string_list(source.inspect.value("RepoDigests", nlohmann::json()));
  if (!digests.empty()) source_image.repo_digest = digests.front();
  pack::ArchiveImage image{
      pack::slim_image_config(source.inspect, layer.diff_id, source_image).dump(),
      temp / "layer.tar",
      layer.diff_id,
      {target}};
  writing.finish();
  std::string slim_id;
  if (options.output_archive) {
    auto saving = progress.begin("image: writing " + options.output_archive->string());
    pack::write_docker_archive_file(image, *options.output_archive);
    saving.finish();
    report.output = "docker-archive:" + options.output_archive->string();
    report.slim = {report.output, pack::image_id(image), layer.tar_size};
  } else {
    auto loading = progress.begin("image: loading " + target, layer.tar_size);
    slim_id = pack::load_image(engine, image, options.cancel);
    loading.finish();
    auto slim = engine.inspect_image(slim_id);
    report.slim = {target, slim_id, slim.value("Size", std::int64_t{0})};
  }
  clock.lap("image");

  if (options.verify && !slim_id.empty()) {
    VerifyOutcome verified = run_verify(stage, slim_id, plan, end, analysis.probes);
    report.verify.ran = true;
    report.verify.passed = verified.mismatches.empty();
    report.verify.mismatches = verified.mismatches;
    report.verify.slim_logs = verified.slim_logs;
    result.slim_probes = verified.probes.results;
    for (std::size_t i = 0; i < report.probes.size() && i < verified.probes.results.size(); ++i)
      report.probes[i].slim = probe_run(verified.probes.results[i]);
    for (auto& p : report.probes)
      for (const auto& m : verified.mismatches)
        if (m.starts_with(p.name + ": ")) p.mismatch = m.substr(p.name.size() + 2);
    clock.lap("verify");
    if (!under.empty()) {
      verify_with_options(slim_id, "slim");
      verify_with_options(source.id, "original");
    }
  } else if (options.verify) {
    report.warnings.push_back("verify skipped: the image was written to a file, not loaded");
  }
  return result;
}

}  // namespace

BuildResult run_build(const engine::EngineClient& engine, const BuildOptions& options,
                      progress::ProgressReporter& progress) {
  try {
    return build(engine, options, progress);
  } catch (const engine::EngineError& e) {
    // A raised cancel flag surfaces from the engine as kCancelled: it was Ctrl-C.
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

}  // namespace minify::pipeline
