#include "pipeline/pack_stage.h"

#include <fstream>

#include "pipeline/app_container.h"
#include "pipeline/archive_files.h"
#include "pipeline/interrupted.h"
#include "record/record.h"

namespace minify::pipeline {
namespace {

constexpr const char* kKeepTar = "/.minify/keep.tar";
constexpr const char* kSummary = "/.minify/summary.json";

// The pack container: `sensor pack` with the keep rules, on the record of the analysis run.
nlohmann::json pack_config(const StageContext& stage, const KeepRules& o) {
  nlohmann::json cmd = {"pack",
                        std::string(record::kRecordPath),
                        kKeepTar,
                        "--summary",
                        kSummary,
                        "--path-env",
                        stage.source.path_env};
  auto add = [&](const char* flag, const std::vector<std::string>& values) {
    for (const auto& v : values) {
      cmd.push_back(flag);
      cmd.push_back(v);
    }
  };
  add("--include", o.include);
  add("--include-bin", o.include_bin);
  add("--include-exe", o.include_exe);
  add("--exclude", o.exclude);
  if (o.include_shell) cmd.push_back("--include-shell");
  return {
      {"Image", stage.source.id},
      {"Entrypoint", {std::string(record::kSensorPath)}},
      {"Cmd", cmd},
      {"User", "0"},  // reads every file, whatever its owner
      {"WorkingDir", "/"},
      {"NetworkDisabled", true},
  };
}

report::Counts counts_of(const nlohmann::json& j) {
  report::Counts c;
  if (!j.is_object()) return c;
  c.files = j.value("files", std::uint64_t{0});
  c.dirs = j.value("dirs", std::uint64_t{0});
  c.symlinks = j.value("symlinks", std::uint64_t{0});
  c.bytes = j.value("bytes", std::uint64_t{0});
  return c;
}

}  // namespace

PackSummary read_pack_summary(const nlohmann::json& summary) {
  PackSummary out;
  out.kept = counts_of(summary.value("kept", nlohmann::json()));
  out.image = counts_of(summary.value("image", nlohmann::json()));
  for (const auto& d : summary.value("largest_dirs", nlohmann::json::array()))
    out.largest_dirs.push_back({d.value("path", ""), d.value("bytes", std::uint64_t{0}),
                                d.value("files", std::uint64_t{0})});
  for (const auto& w : summary.value("warnings", nlohmann::json::array()))
    if (w.is_string()) out.warnings.push_back(w.get<std::string>());
  return out;
}

PackOutcome run_pack(const StageContext& stage, const KeepRules& keep,
                     const std::string& record_json, const TempDir& temp) {
  const AnalysisOptions& options = stage.options;
  auto phase = stage.progress.begin("pack: closing the keep-set in a fresh container");
  std::string sensor = read_sensor(options.sensor_path);
  AppContainer pack(stage.engine, pack_config(stage, keep), "pack", {});
  std::string tar =
      tar_of({{".minify/sensor", sensor, 0755}, {".minify/record.json", record_json, 0644}});
  std::size_t at = 0;
  stage.engine.put_archive(
      pack.id(), "/",
      [&](char* buffer, std::size_t capacity) {
        std::size_t n = std::min(capacity, tar.size() - at);
        std::copy_n(tar.data() + at, n, buffer);
        at += n;
        return n;
      },
      options.cancel);
  pack.start();
  auto waited = stage.engine.wait_container(pack.id(), options.timeout, options.cancel);
  if (!waited)
    throw std::runtime_error("sensor pack did not finish within " +
                             std::to_string(options.timeout.count()) + "s");
  if (waited->exit_code != 0) {
    std::string tail = pack.output_tail();
    throw std::runtime_error("sensor pack failed (status " + std::to_string(waited->exit_code) +
                             ")" + (tail.empty() ? "" : ": " + tail));
  }
  phase.finish();

  auto fetch = stage.progress.begin("pack: fetching the kept files");
  PackOutcome outcome;
  std::filesystem::path wrapped = temp / "keep-wrapped.tar";
  {
    std::ofstream out(wrapped, std::ios::binary);
    auto stat = stage.engine.get_archive(
        pack.id(), kKeepTar,
        [&](std::string_view chunk) {
          out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
          if (!out) throw std::runtime_error("cannot write " + wrapped.string());
          fetch.advance(chunk.size());
        },
        options.cancel);
    (void)stat;
  }
  outcome.keep_tar = temp / "keep.tar";
  extract_single_file(wrapped, outcome.keep_tar, "the keep-set tar");
  std::filesystem::remove(wrapped);
  std::string summary_tar;
  stage.engine.get_archive(
      pack.id(), kSummary, [&](std::string_view chunk) { summary_tar.append(chunk); },
      options.cancel);
  outcome.summary =
      read_pack_summary(nlohmann::json::parse(single_file_of(summary_tar, "the keep-set summary")));
  fetch.finish();
  pack.remove();
  return outcome;
}

}  // namespace minify::pipeline
