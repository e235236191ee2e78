#include "pipeline/pack_stage.h"

#include <fstream>

#include "pipeline/app_container.h"
#include "pipeline/archive_files.h"
#include "pipeline/interrupted.h"
#include "protocol/sensor_protocol.h"

namespace minify::pipeline {
namespace {

// The pack container: `sensor pack` with the keep rules, on the record of the analysis run.
nlohmann::json pack_config(const StageContext& stage, const KeepRules& keep) {
  protocol::PackArgs args;
  args.record = protocol::kRecordPath;
  args.out = protocol::kKeepTarPath;
  args.summary = protocol::kSummaryPath;
  args.path_env = stage.source.path_env;
  args.include = keep.include;
  args.include_bin = keep.include_bin;
  args.include_exe = keep.include_exe;
  args.exclude = keep.exclude;
  args.include_shell = keep.include_shell;
  nlohmann::json config = {
      {"Image", stage.source.id},
      {"Entrypoint", {std::string(protocol::kSensorPath)}},
      {"Cmd", args.to_argv()},
      {"User", "0"},
      {"WorkingDir", "/"},
      {"NetworkDisabled", true},
      // It only reads the image's files, whatever their owner and mode, and writes under
      // /.minify (root's): CAP_DAC_READ_SEARCH is all it needs of root's powers.
      {"HostConfig",
       {{"CapDrop", {"ALL"}},
        {"CapAdd", {"DAC_READ_SEARCH"}},
        {"SecurityOpt", {"no-new-privileges"}}}},
  };
  apply_limits(config, stage.options.limits);
  return config;
}

}  // namespace

PackOutcome run_pack(const StageContext& stage, const KeepRules& keep,
                     const std::string& record_json, const TempDir& temp) {
  const AnalysisOptions& options = stage.options;
  auto phase = stage.progress.begin("pack: closing the keep-set in a fresh container");
  std::string sensor = read_sensor(options.sensor_path);
  AppContainer pack(stage.engine, pack_config(stage, keep), "pack", {});
  std::string tar = tar_of({{std::string(protocol::kSensorPath), sensor, 0755},
                            {std::string(protocol::kRecordPath), record_json, 0644}});
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
        pack.id(), protocol::kKeepTarPath,
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
      pack.id(), protocol::kSummaryPath, [&](std::string_view chunk) { summary_tar.append(chunk); },
      options.cancel);
  outcome.summary = protocol::PackSummary::from_json(
      nlohmann::json::parse(single_file_of(summary_tar, "the keep-set summary")));
  fetch.finish();
  pack.remove();
  return outcome;
}

}  // namespace minify::pipeline
