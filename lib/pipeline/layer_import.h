#pragma once
// The image a layer import makes on its way into the engine (engine/image_store.h): a name of
// this run's own, "minify-layer-import:PID-RANDOM", that nobody else uses and that is gone once
// the slim image holds the layer too. Removed however the run ends: by this object's end when the
// run returns or throws (Ctrl-C, an error), by the run's watch when it is killed.

#include <atomic>
#include <chrono>
#include <string>

#include "engine/engine.h"

namespace minify::pipeline {

class RunWatch;

class LayerImport {
 public:
  // Picks the name and tells `watch` (may be null) before anything is imported.
  LayerImport(const engine::Engine& engine, RunWatch* watch);
  // Removes the image (best effort: an engine that fails here leaves it to `docker image rm`);
  // one whose import failed after the whole layer was sent may still land, and is looked for ~3 s.
  ~LayerImport();
  LayerImport(const LayerImport&) = delete;
  LayerImport& operator=(const LayerImport&) = delete;

  const std::string& reference() const { return reference_; }
  // The engine has the whole layer: the import may land even if the call fails. (A body cut short
  // never lands: the engine's tar reader fails on it.)
  void whole_layer_sent() { sent_ = true; }
  // The import returned: the image is there, and goes at once at the end.
  void landed() { landed_ = true; }
  // Removes the image now (once; the end does nothing more). Callable from another thread.
  void remove();

 private:
  const engine::Engine& engine_;
  RunWatch* watch_;
  std::string reference_;
  bool sent_ = false;
  bool landed_ = false;
  std::atomic<bool> removed_{false};
  int exceptions_;  // std::uncaught_exceptions() when made
};

// Removes the image `reference` names. The engine goes on with an import whose client went away
// once it has the whole body, so the image may land a moment later: this looks again for up to
// `landing` before it concludes it never will. Best effort: what fails is skipped.
void remove_import(const engine::Engine& engine, const std::string& reference,
                   std::chrono::milliseconds landing);

}  // namespace minify::pipeline
