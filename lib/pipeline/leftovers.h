#pragma once
// What a minify run leaves when it dies without cleaning up (SIGKILL, a crash, a power cut): its
// containers, then the networks and volumes it made (compose's, a missing named volume's), found
// by their owner label (run_owner.h), and its build directory, found by its name (temp_dir.h).
// Removing them is best effort: a failure to remove one thing is skipped, and never fails the run
// that tried.

#include <cstddef>
#include <filesystem>
#include <functional>

#include "engine/engine.h"
#include "pipeline/run_owner.h"

namespace minify::pipeline {

struct LeftoversRemoved {
  std::size_t containers = 0;
  std::size_t networks = 0;
  std::size_t volumes = 0;
  std::size_t dirs = 0;
};

// Removes the containers and, under `temp_root`, the build directories of every dead run
// (RunOwner::dead()); a live run's, another boot's or another machine's are left alone.
LeftoversRemoved remove_dead_runs_leftovers(
    const engine::Engine& engine,
    const std::filesystem::path& temp_root = std::filesystem::temp_directory_path());

// Removes the containers and build directories of `owner`, dead or not: the watch's job once it
// saw its run die (run_watch.h).
LeftoversRemoved remove_leftovers_of(
    const engine::Engine& engine, const RunOwner& owner,
    const std::filesystem::path& temp_root = std::filesystem::temp_directory_path());

}  // namespace minify::pipeline
