#pragma once
// Loading the slim image, until the build is done with it. Made before the load, it notes what
// the tag named then. A build that ends by an exception (Ctrl-C, an error: during the load, in
// verify or after) undoes the load: the tag goes back to what it named before, and the new image
// goes unless something else holds it. A build that returns keeps it (one whose verify failed
// too: that is a result, and the image is there to look at).

#include <chrono>
#include <optional>
#include <string>

#include "engine/engine.h"

namespace minify::pipeline {

class RunWatch;

class SlimImageLoad {
 public:
  // `watch` (may be null) is told too, so that it undoes the load should the run die before this
  // object goes. Throws EngineError when the engine cannot say what `reference` names.
  SlimImageLoad(const engine::Engine& engine, std::string reference, RunWatch* watch);
  ~SlimImageLoad();
  SlimImageLoad(const SlimImageLoad&) = delete;
  SlimImageLoad& operator=(const SlimImageLoad&) = delete;

  // The load's request is on its way: from now on the engine may land it even if the call fails,
  // so an undo looks for it a moment (~3 s). Before, an undo has nothing to wait for.
  void sending() { sending_ = true; }

 private:
  const engine::Engine& engine_;
  std::string reference_;
  std::optional<std::string> previous_id_;
  RunWatch* watch_;
  bool sending_ = false;
  int exceptions_;  // std::uncaught_exceptions() when made
};

// The id of the image `reference` names, nullopt when none.
std::optional<std::string> image_id_of(const engine::Engine& engine, const std::string& reference);

// Undoes a load as `reference`, which named `previous_id` before: once it names another image,
// it is untagged (that image goes unless another reference holds it) and given back to
// `previous_id`. The engine goes on with a load whose client went away, so the load may land a
// moment later: this looks again for up to `landing` before it concludes the load never will.
// Best effort: what fails is skipped.
void undo_load(const engine::Engine& engine, const std::string& reference,
               const std::optional<std::string>& previous_id, std::chrono::milliseconds landing);

}  // namespace minify::pipeline
