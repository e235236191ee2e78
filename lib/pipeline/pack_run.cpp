// The pack run: a fresh container of the original image that never runs the app; the sensor's
// pack mode closes the keep-set against the image's pristine filesystem and writes its tar.

#include <fstream>

#include "pipeline/archive_files.h"
#include "pipeline/interrupted.h"
#include "pipeline/stages.h"

namespace minify::pipeline {
namespace {

constexpr const char* kKeepTar = "/.minify/keep.tar";
constexpr const char* kSummary = "/.minify/summary.json";

nlohmann::json pack_config(const Stage& stage) {
  const BuildOptions& o = stage.options;
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

}  // namespace

PackOutcome run_pack(const Stage& stage, const std::string& record_json, const TempDir& temp) {
  const BuildOptions& options = stage.options;
  auto phase = stage.progress.begin("pack: closing the keep-set in a fresh container");
  std::string sensor = read_sensor(options.sensor_path);
  AppContainer pack(stage.engine, pack_config(stage), "pack", {});
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
  outcome.summary = nlohmann::json::parse(single_file_of(summary_tar, "the keep-set summary"));
  fetch.finish();
  pack.remove();
  return outcome;
}

}  // namespace minify::pipeline
