#include "pipeline/pack_stage.h"

#include <algorithm>

#include "pipeline/app_container.h"
#include "pipeline/container_file.h"
#include "pipeline/interrupted.h"
#include "pipeline/line_watch.h"
#include "pipeline/unwrap_stream.h"
#include "protocol/sensor_protocol.h"

namespace minify::pipeline {
namespace {

// A tar entry beyond its content: its header, a pax header (a long name, xattrs), the padding.
// Generous: the bound is there against a runaway stream, not to judge a tar's layout.
constexpr std::uint64_t kTarRoomPerEntry = 16 * 1024;
// The archive API's own wrapping tar and the end blocks.
constexpr std::uint64_t kTarRoom = 1024 * 1024;

// The pack container: `sensor pack` with the keep rules, on the record of the analysis run, and
// the pipe to stream the tar into when there is one.
nlohmann::json pack_config(const StageContext& stage, const KeepRules& keep,
                           const LayerPipe* pipe) {
  protocol::PackArgs args;
  args.record = protocol::kRecordPath;
  args.out = protocol::kKeepTarPath;
  args.summary = protocol::kSummaryPath;
  args.await = protocol::kRecordReadyPath;
  args.hold = true;
  if (pipe) args.stream = pipe->target();
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
      // Its done line is read through the logs API: an engine whose default log driver cannot be
      // read back ("none", which refuses `docker logs`) would never let the host see it.
      {"HostConfig",
       {{"CapDrop", {"ALL"}},
        {"CapAdd", {"DAC_READ_SEARCH"}},
        {"SecurityOpt", {"no-new-privileges"}},
        {"LogConfig", {{"Type", "json-file"}}}}},
  };
  if (pipe) config["HostConfig"]["Mounts"] = {pipe->mount()};
  apply_limits(config, stage.options.limits);
  return config;
}

std::runtime_error larger_than_announced(const protocol::TarStats& announced) {
  return std::runtime_error("the keep-set tar is larger than the summary says (" +
                            std::to_string(announced.entries) + " entries, " +
                            std::to_string(announced.bytes) + " bytes of content, " +
                            std::to_string(announced.size) + " bytes)");
}

void check_size(const pack::LayerInfo& layer, const protocol::TarStats& announced) {
  if (static_cast<std::uint64_t>(layer.tar_size) != announced.size)
    throw std::runtime_error("the keep-set tar is " + std::to_string(layer.tar_size) +
                             " bytes, not the " + std::to_string(announced.size) +
                             " the summary says");
}

}  // namespace

// No progress line of its own: it runs beside the analysis's, which the display shows.
PackContainer::PackContainer(const StageContext& stage, const KeepRules& keep,
                             const std::filesystem::path& pipe_dir)
    : stage_(stage) {
  // It starts on a thread of its own while the app starts: once the user asked to stop, nothing
  // more is made.
  throw_if_cancelled(stage.options.cancel);
  if (stage.options.offer_layer_pipe) {
    try {
      pipe_ = std::make_unique<LayerPipe>(pipe_dir);
    } catch (const std::runtime_error&) {
      // A temp folder on a file system without named pipes: the archive API then.
    }
  }
  if (pipe_) {
    try {
      container_.emplace(stage.engine, pack_config(stage, keep, pipe_.get()), "pack",
                         std::vector<int>{});
    } catch (const engine::EngineError&) {
      // An engine on another file system than this one (in a VM) has no such file to mount.
      pipe_.reset();
    }
  }
  if (!container_)
    container_.emplace(stage.engine, pack_config(stage, keep, nullptr), "pack", std::vector<int>{});
  put_container_files(
      stage.engine, container_->id(),
      {{std::string(protocol::kSensorPath), read_sensor(stage.options.sensor_path), 0755}},
      stage.options.cancel);
  container_->start();
}

PackContainer::~PackContainer() {
  try {
    if (container_) done_with(stage_, *container_);
  } catch (...) {
    // Not handed over: ~AppContainer removes it at once.
  }
}

protocol::PackSummary PackContainer::pack(const std::string& record_json) {
  const AnalysisOptions& options = stage_.options;
  auto phase = stage_.progress.begin("pack: closing the keep-set");
  // One tar, the record first: `sensor pack` reads the record once the marker exists, and the
  // engine extracts a tar's entries in order, so the record is whole by then.
  put_container_files(stage_.engine, container_->id(),
                      {{std::string(protocol::kRecordPath), record_json, 0644},
                       {std::string(protocol::kRecordReadyPath), "", 0644}},
                      options.cancel);
  const bool streaming = await_done();
  const FileBound bound{"the keep-set summary", options.max_record_bytes, "--max-record-mb"};
  std::string summary_json;
  if (streaming) {
    // A sensor that says it streams into a pipe it was never given would leave the read waiting.
    if (!pipe_) throw std::runtime_error("sensor pack streamed the keep-set tar into no pipe");
    std::optional<std::string> line =
        pipe_->read_line(bound.max_bytes, options.timeout, options.cancel);
    if (!line)
      throw std::runtime_error(bound.what + " is larger than " + bound_text(bound.max_bytes) +
                               " (" + bound.raised_with + " raises the bound)");
    summary_json = std::move(*line);
  } else {
    summary_json = read_container_file(stage_.engine, container_->id(), protocol::kSummaryPath,
                                       bound, options.cancel);
  }
  auto summary = protocol::PackSummary::from_json(nlohmann::json::parse(summary_json));
  if (summary.tar.streamed != streaming)
    throw std::runtime_error(streaming
                                 ? "sensor pack streamed a summary that says its tar is a file"
                                 : "sensor pack's summary says it streams its tar, but the "
                                   "sensor said it was done");
  announced_ = summary.tar;
  phase.finish();
  return summary;
}

bool PackContainer::await_done() const {
  const AnalysisOptions& options = stage_.options;
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  const std::string too_long =
      "sensor pack did not finish within " + std::to_string(options.timeout.count()) + "s";
  engine::LogsOptions stdout_only;
  stdout_only.stderr_stream = false;
  LineWatch done{std::string(protocol::kPackDoneLine)};
  LineWatch streaming{std::string(protocol::kPackStreamingLine)};
  try {
    if (stage_.engine.follow_container_logs(
            container_->id(), stdout_only,
            [&](engine::StreamKind, std::string_view bytes) {
              const bool said_done = done.feed(bytes);
              return !(streaming.feed(bytes) || said_done);
            },
            options.timeout, options.cancel))
      return streaming.seen();
  } catch (const engine::EngineError& e) {
    if (e.kind() == engine::ErrorKind::kTimeout) throw std::runtime_error(too_long);
    throw;
  }
  // The output ended without the line: the sensor exited, and its status says how.
  auto left = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(
                           deadline - std::chrono::steady_clock::now()),
                       std::chrono::milliseconds(0));
  auto waited = stage_.engine.wait_container(container_->id(), left, options.cancel);
  if (!waited) throw std::runtime_error(too_long);
  if (waited->exit_code != 0) {
    std::string tail = container_->output_tail();
    throw std::runtime_error("sensor pack failed (status " + std::to_string(waited->exit_code) +
                             ")" + (tail.empty() ? "" : ": " + tail));
  }
  // Status 0 without the line: a sensor that did not hold, whose files are there all the same.
  return false;
}

pack::LayerInfo PackContainer::stream_layer(const std::function<void(std::int64_t)>& sized,
                                            const std::function<void(std::string_view)>& bytes) {
  pack::LayerInfo layer = streams() ? read_pipe(sized, bytes) : read_archive(sized, bytes);
  // Nothing more is read from it: killed and removed now, while the engine still digests the
  // load, rather than beside the verify container's start, which the kill of a running
  // container slowed by about 0.1 s here.
  done_with(stage_, *container_);
  return layer;
}

pack::LayerInfo PackContainer::read_pipe(const std::function<void(std::int64_t)>& sized,
                                         const std::function<void(std::string_view)>& bytes) {
  const protocol::TarStats& announced = announced_.value();
  std::uint64_t received = 0;
  sized(static_cast<std::int64_t>(announced.size));
  pack::LayerInfo layer = pack::pass_checked_layer(
      [&](char* buffer, std::size_t capacity) {
        std::size_t n =
            pipe_->read(buffer, capacity, stage_.options.timeout, stage_.options.cancel);
        received += n;
        // The pipe's bound: a runaway writer is cut whatever the tar's headers claim.
        if (received > announced.size) throw larger_than_announced(announced);
        return n;
      },
      bytes, {announced.entries, announced.bytes});
  check_size(layer, announced);
  return layer;
}

pack::LayerInfo PackContainer::read_archive(const std::function<void(std::int64_t)>& sized,
                                            const std::function<void(std::string_view)>& bytes) {
  const protocol::TarStats& announced = announced_.value();
  const std::uint64_t most = announced.bytes + announced.entries * kTarRoomPerEntry + kTarRoom;
  pack::LayerInfo layer;
  UnwrapStream keep_tar("the keep-set tar", [&](std::int64_t size, const UnwrapStream::Read& read) {
    if (size < 0 || static_cast<std::uint64_t>(size) > most) throw larger_than_announced(announced);
    sized(size);
    layer = pack::pass_checked_layer(read, bytes, {announced.entries, announced.bytes});
  });
  std::uint64_t received = 0;
  stage_.engine.get_archive(
      container_->id(), protocol::kKeepTarPath,
      [&](std::string_view chunk) {
        // The wrapping tar's bound: a runaway answer is cut whatever its headers claim.
        received += chunk.size();
        if (received > most + kTarRoom) throw larger_than_announced(announced);
        keep_tar.write(chunk);
      },
      stage_.options.cancel);
  keep_tar.finish();
  check_size(layer, announced);
  return layer;
}

}  // namespace minify::pipeline
