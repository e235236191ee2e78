#pragma once
// Nothing of a dead minify run may run on. Ctrl-C and errors are handled in the run itself (every
// owner's destructor removes what it made); a run killed by SIGKILL, or crashed, cleans nothing.
// RunWatch covers that: made once per run, before anything else, it
// - removes what dead earlier runs left (leftovers.h), and
// - starts a watch: a process of its own (its own session, so that a signal to minify's process
//   group spares it) that waits on a socket from this run. The run says what it loaded and, at its
//   end, that it ended; when the socket closes without that (the kernel closes it however minify
//   dies), the watch removes the run's containers and build directory and the slim image it
//   loaded, within a second (up to ~10 s when it died during the load), and exits.

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>

#include "engine/engine.h"
#include "pipeline/run_owner.h"

namespace minify::pipeline {

class RunWatch {
 public:
  // How the watch reaches the engine once the run is dead, when the run's own way died with it
  // (an ssh tunnel lives in the run's threads and processes): called in the watch's process only,
  // after the run died, it calls `clean_up` with an engine that works there, and closes that way
  // after. Null: the run's engine serves (a socket or TCP address, dialled afresh per call).
  using EngineAfterRun =
      std::function<void(const std::function<void(const engine::Engine&)>& clean_up)>;

  // Throws std::runtime_error when the socket or the process cannot be made.
  explicit RunWatch(const engine::Engine& engine, EngineAfterRun engine_after_run = {});
  // Tells the watch that the run ended by itself: it exits without touching anything.
  ~RunWatch();
  RunWatch(const RunWatch&) = delete;
  RunWatch& operator=(const RunWatch&) = delete;

  // The run is loading the slim image as `reference`, which names `previous_id` now: should the
  // run die before image_settled(), the watch undoes the load (slim_image_load.h: undo_load).
  void image_loading(const std::string& reference, const std::optional<std::string>& previous_id);
  // The load is kept, or undone by the run itself: nothing for the watch to do about it.
  void image_settled();
  // The run is importing the slim image's layer as image `reference` (layer_import.h): should the
  // run die before import_removed(), the watch removes that image.
  void layer_importing(const std::string& reference);
  void import_removed();

 private:
  void say(const std::string& line);
  int socket_ = -1;  // this run's end of the socket pair; the watch holds the other
};

}  // namespace minify::pipeline
