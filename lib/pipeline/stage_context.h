#pragma once
// Internal to lib/pipeline: what every stage is handed (the engine, the analysis options, the
// progress display, what the inspect step learnt of the original image). Each stage owns, and
// removes on every way out, the container it makes (in the background once it is done with it).

#include <filesystem>
#include <string>

#include "engine/engine.h"
#include "pipeline/inspect_stage.h"
#include "pipeline/options.h"
#include "progress/progress_reporter.h"

namespace minify::pipeline {

class AppContainer;
class BackgroundRemovals;

struct StageContext {
  const engine::Engine& engine;
  const AnalysisOptions& options;
  progress::ProgressReporter& progress;
  const SourceFacts& source;
  // Where a stage hands the container it is done with, to be removed while the flow goes on;
  // null: the stage removes it itself before it returns.
  BackgroundRemovals* removals = nullptr;
};

// Removes `container` in the background when `stage` has BackgroundRemovals, else at once.
void done_with(const StageContext& stage, AppContainer& container);

// The sensor binary's bytes; throws std::runtime_error naming the path when it is missing.
std::string read_sensor(const std::filesystem::path& path);

}  // namespace minify::pipeline
