#pragma once
// The named volumes a run's mounts name (-v NAME:/dst, --mount type=volume,source=NAME) that do
// not exist yet. The engine would make each itself, unlabelled, and leave it behind; here each is
// made first, labelled with the run (so that a dead run's go too: leftovers.h), and removed with
// this object, after the containers that used it. A volume that existed is the user's: used as
// it is, never removed.

#include <string>
#include <vector>

#include "engine/engine.h"
#include "pipeline/run_options.h"

namespace minify::pipeline {

class RunVolumes {
 public:
  RunVolumes(const engine::Engine& engine, const std::vector<Mount>& mounts);
  ~RunVolumes();
  RunVolumes(const RunVolumes&) = delete;
  RunVolumes& operator=(const RunVolumes&) = delete;

  // The names this object made, in order.
  const std::vector<std::string>& made() const { return made_; }

 private:
  const engine::Engine& engine_;
  std::vector<std::string> made_;
};

}  // namespace minify::pipeline
