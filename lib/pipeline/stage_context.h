#pragma once
// Internal to lib/pipeline: what every stage is handed (the engine, the analysis options, the
// progress display, what the inspect step learnt of the original image). Each stage owns, and
// removes on every way out, the container it makes.

#include <filesystem>
#include <string>

#include "engine/engine.h"
#include "pipeline/inspect_stage.h"
#include "pipeline/options.h"
#include "progress/progress_reporter.h"

namespace minify::pipeline {

struct StageContext {
  const engine::Engine& engine;
  const AnalysisOptions& options;
  progress::ProgressReporter& progress;
  const SourceFacts& source;
};

// The sensor binary's bytes; throws std::runtime_error naming the path when it is missing.
std::string read_sensor(const std::filesystem::path& path);

}  // namespace minify::pipeline
