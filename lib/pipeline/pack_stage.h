#pragma once
// Internal to lib/pipeline: the pack stage. A fresh container of the original image that never
// runs the app: `sensor pack` closes the keep-set against the image's pristine filesystem and
// writes its tar (the slim image's layer, in its final form) and a summary. The container is
// started while the app still runs under the sensor and waits there for the record; once done,
// the sensor says so on stdout and holds (`sensor pack --hold`), so that the summary is fetched
// and the tar streamed out by the image stage from a running container, whose root is mounted
// already; the container is removed (killed) on every way out. Where the engine takes a pipe
// from this machine (layer_pipe.h), the sensor writes the summary then the tar into it instead,
// the tar only as the image stage reads it: no archive call, and the pack's writing and the
// engine's import of the same bytes overlap.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pack/layer_check.h"
#include "pipeline/app_container.h"
#include "pipeline/layer_pipe.h"
#include "pipeline/options.h"
#include "pipeline/stage_context.h"
#include "protocol/pack_summary.h"

namespace minify::pipeline {

// The pack container, made, given the sensor and started before there is a record: the pipeline
// makes it while the app runs under the sensor (run_analysis's `while_app_starts`), so that its
// creation and start, and `sensor pack`'s walk of the whole image, hide behind the app's run.
// Handed to the background removals (or removed) with the object, on every way out.
class PackContainer {
 public:
  // Throws Interrupted when Ctrl-C came first: nothing more is made once the user asked to stop.
  // With options.offer_layer_pipe, the pipe is made in `pipe_dir` and mounted; an engine that
  // refuses the mount gets the container without it.
  PackContainer(const StageContext& stage, const KeepRules& keep,
                const std::filesystem::path& pipe_dir);
  ~PackContainer();
  PackContainer(const PackContainer&) = delete;
  PackContainer& operator=(const PackContainer&) = delete;

  // Gives `sensor pack` the record, follows its stdout until it says it is done (within --timeout)
  // and returns its summary (from the pipe when it says it streams, else its file), read strictly
  // (within --max-record-mb). When the sensor exits instead, its status and last words are the
  // error.
  protocol::PackSummary pack(const std::string& record_json);

  // Once pack() returned: whether the sensor writes the tar into the pipe (else it is a file).
  bool streams() const { return announced_.value().streamed; }

  // Once pack() returned: streams the keep-set tar out of the container (through the pipe when
  // the summary says the sensor streams it, else through the archive API), its size to `sized`,
  // then every byte to `bytes`, checked on the way (pack/layer_check.h) against the summary's
  // totals. Returns what the layer holds, the container handed to the background removals once
  // the whole tar has been read.
  pack::LayerInfo stream_layer(const std::function<void(std::int64_t)>& sized,
                               const std::function<void(std::string_view)>& bytes);

 private:
  // Returns once the sensor said it is done (or exited 0): true when it said it streams (the
  // summary and the tar are next in the pipe). Throws when it failed, or when --timeout passed
  // first.
  bool await_done() const;

  pack::LayerInfo read_pipe(const std::function<void(std::int64_t)>& sized,
                            const std::function<void(std::string_view)>& bytes);
  pack::LayerInfo read_archive(const std::function<void(std::int64_t)>& sized,
                               const std::function<void(std::string_view)>& bytes);

  const StageContext& stage_;
  std::unique_ptr<LayerPipe> pipe_;  // null: not offered, or refused by the engine
  std::optional<AppContainer> container_;
  std::optional<protocol::TarStats> announced_;  // the summary's, once pack() returned
};

}  // namespace minify::pipeline
