#pragma once
// Internal to lib/pipeline: the image stage, on the host. The pack container's keep-set tar is
// the slim image's one deterministic layer as it is; with its config (the original's, minus its
// history) the image is either loaded into the engine (the layer streamed from the pack container
// straight into the engine, never a file: into an import then a load without it, or into a load,
// as engine/image_store.h says the engine takes it best) or written as a docker-archive file or
// an OCI image layout directory.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/image_store.h"
#include "pipeline/pack_stage.h"
#include "pipeline/slim_image_load.h"
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

// Takes the layer from `pack` (packed already). `target` tags the image. To load only: `store` is
// the engine's, and `load` (made before, held by the caller) is told when the load's request
// goes out.
ImageOutcome run_image(const StageContext& stage, PackContainer& pack, const std::string& target,
                       engine::ImageStore store, SlimImageLoad* load,
                       const std::optional<std::filesystem::path>& output_archive,
                       const std::optional<std::filesystem::path>& output_oci, const TempDir& temp);

}  // namespace minify::pipeline
