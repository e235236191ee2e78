#include "pipeline/pack_stage.h"

#include "pipeline/app_container.h"
#include "pipeline/archive_files.h"
#include "pipeline/container_file.h"
#include "pipeline/interrupted.h"
#include "pipeline/unwrap_stream.h"
#include "protocol/sensor_protocol.h"

namespace minify::pipeline {
namespace {

// A tar entry beyond its content: its header, a pax header (a long name, xattrs), the padding.
// Generous: the bound is there against a runaway stream, not to judge a tar's layout.
constexpr std::uint64_t kTarRoomPerEntry = 16 * 1024;
// The archive API's own wrapping tar and the end blocks.
constexpr std::uint64_t kTarRoom = 1024 * 1024;

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

void put_files(const StageContext& stage, const AppContainer& container,
               const std::vector<FileToPut>& files) {
  std::string tar = tar_of(files);
  std::size_t at = 0;
  stage.engine.put_archive(
      container.id(), "/",
      [&](char* buffer, std::size_t capacity) {
        std::size_t n = std::min(capacity, tar.size() - at);
        std::copy_n(tar.data() + at, n, buffer);
        at += n;
        return n;
      },
      stage.options.cancel);
}

}  // namespace

PackContainer::PackContainer(const StageContext& stage, const KeepRules& keep)
    : making_(stage.progress.begin("pack: making its container while the app starts")),
      container_(stage.engine, pack_config(stage, keep), "pack", {}) {
  put_files(stage, container_,
            {{std::string(protocol::kSensorPath), read_sensor(stage.options.sensor_path), 0755}});
  making_.finish();
}

PackOutcome run_pack(const StageContext& stage, PackContainer& prepared,
                     const std::string& record_json, const TempDir& temp) {
  const AnalysisOptions& options = stage.options;
  AppContainer& pack = prepared.container_;
  auto phase = stage.progress.begin("pack: closing the keep-set in a fresh container");
  put_files(stage, pack, {{std::string(protocol::kRecordPath), record_json, 0644}});
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
  // The summary first: it says how big the tar is, which bounds what is read of it.
  const FileBound bound{"the keep-set summary", options.max_record_bytes, "--max-record-mb"};
  outcome.summary = protocol::PackSummary::from_json(nlohmann::json::parse(
      read_container_file(stage.engine, pack.id(), protocol::kSummaryPath, bound, options.cancel)));
  const protocol::TarStats& announced = outcome.summary.tar;
  const std::uint64_t most = announced.bytes + announced.entries * kTarRoomPerEntry + kTarRoom;
  outcome.keep_tar = temp / "keep.tar";
  UnwrapStream keep_tar(outcome.keep_tar, "the keep-set tar");
  std::uint64_t received = 0;
  stage.engine.get_archive(
      pack.id(), protocol::kKeepTarPath,
      [&](std::string_view chunk) {
        received += chunk.size();
        if (received > most)
          throw std::runtime_error("the keep-set tar is larger than the summary says (" +
                                   std::to_string(announced.entries) + " entries, " +
                                   std::to_string(announced.bytes) + " bytes of content)");
        keep_tar.write(chunk);
        fetch.advance(chunk.size());
      },
      options.cancel);
  keep_tar.finish();
  // What the layer writer will hold in memory is one record per entry: as many as announced.
  TarTotals found = tar_totals(outcome.keep_tar, "the keep-set tar");
  if (found.entries > announced.entries || found.bytes > announced.bytes)
    throw std::runtime_error(
        "the keep-set tar holds " + std::to_string(found.entries) + " entries, " +
        std::to_string(found.bytes) + " bytes of content; its summary says " +
        std::to_string(announced.entries) + ", " + std::to_string(announced.bytes));
  fetch.finish();
  done_with(stage, pack);
  return outcome;
}

}  // namespace minify::pipeline
