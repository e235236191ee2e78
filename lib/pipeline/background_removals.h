#pragma once
// Internal to lib/pipeline: containers (and the layer's import image) the flow is done with,
// removed on threads of their own while the build goes on. Removing a container costs the engine a
// few hundred milliseconds (its writable layer, its network endpoint), an image up to a quarter of
// a second, that the next stage need not wait for: the analysis container goes while the pack
// container runs, the pack container while the layer is written, the import image while verify
// starts.
// The object waits for every removal when it goes, on every way out (errors and Ctrl-C included),
// so none outlives the build; should minify be killed first, the containers still carry the run's
// owner label, which RunWatch goes by.

#include <functional>
#include <future>
#include <mutex>
#include <vector>

#include "engine/engine.h"
#include "pipeline/app_container.h"

namespace minify::pipeline {

class BackgroundRemovals {
 public:
  explicit BackgroundRemovals(const engine::Engine& engine) : engine_(engine) {}
  ~BackgroundRemovals();  // waits for every removal started
  BackgroundRemovals(const BackgroundRemovals&) = delete;
  BackgroundRemovals& operator=(const BackgroundRemovals&) = delete;

  // Starts removing `container` (force, with its volumes); from now on it is this object's to
  // remove, not `container`'s. Best effort, as a destructor's removal is. Callable from any
  // thread (the pack container is handed over from the thread that streams its layer).
  void remove(AppContainer& container);
  // Runs `removal` on a thread of its own (best effort: it must not throw).
  void run(std::function<void()> removal);

 private:
  const engine::Engine& engine_;
  std::mutex mutex_;  // guards removals_
  std::vector<std::future<void>> removals_;
};

}  // namespace minify::pipeline
