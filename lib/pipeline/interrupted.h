#pragma once
// Ctrl-C (SIGINT/SIGTERM) during a build: the pipeline unwinds, every container and temp file is
// removed by its owner's destructor, and the caller exits 130.

#include <atomic>
#include <stdexcept>

namespace minify::pipeline {

class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

inline void throw_if_cancelled(const std::atomic<bool>* cancel) {
  if (cancel && cancel->load()) throw Interrupted();
}

}  // namespace minify::pipeline
