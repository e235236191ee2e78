#pragma once
// Internal to lib/pipeline: the image stage, on the host. The keep-set becomes the slim image's
// one deterministic layer and its config (the original's, minus its history), then the image is
// either loaded into the engine (streamed, never a file) or written as a docker-archive file or an
// OCI image layout directory.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/stage_context.h"
#include "pipeline/temp_dir.h"
#include "report/build_report.h"

namespace minify::pipeline {

struct ImageOutcome {
  report::ImageFacts slim;              // loaded: the engine's id and size; a file: its own
  std::string output;                   // "docker-archive:FILE" or "oci:DIR" if written, else ""
  std::vector<std::string> kept_paths;  // every path in the layer ("/app/x"), sorted
  std::string loaded_id;                // the engine's id of the slim image; "" when not loaded
};

// Consumes `keep_tar` (removed once the layer is written). `target` tags the image.
ImageOutcome run_image(const StageContext& stage, const std::filesystem::path& keep_tar,
                       const std::string& target,
                       const std::optional<std::filesystem::path>& output_archive,
                       const std::optional<std::filesystem::path>& output_oci, const TempDir& temp);

}  // namespace minify::pipeline
