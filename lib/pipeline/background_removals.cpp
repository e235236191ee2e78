#include "pipeline/background_removals.h"

#include <string>

namespace minify::pipeline {

BackgroundRemovals::~BackgroundRemovals() {
  for (auto& removal : removals_) removal.wait();
}

void BackgroundRemovals::remove(AppContainer& container) {
  std::string id = container.release();
  if (id.empty()) return;
  run([this, id] {
    try {
      engine_.remove_container(id, true, true);
    } catch (...) {
      // As ~AppContainer: the label lets `docker ps -a -f label=minify` find it.
    }
  });
}

void BackgroundRemovals::run(std::function<void()> removal) {
  std::lock_guard lock(mutex_);
  removals_.push_back(std::async(std::launch::async, std::move(removal)));
}

}  // namespace minify::pipeline
