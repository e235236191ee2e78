#pragma once
// Internal to lib/pipeline: the pack stage. A fresh container of the original image that never
// runs the app: `sensor pack` closes the keep-set against the image's pristine filesystem and
// writes its tar and a summary, both fetched; the container is removed on every way out.

#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/options.h"
#include "pipeline/stage_context.h"
#include "pipeline/temp_dir.h"
#include "protocol/pack_summary.h"

namespace minify::pipeline {

struct PackOutcome {
  std::filesystem::path keep_tar;  // the keep-set, as `sensor pack` wrote it, in `temp`
  protocol::PackSummary summary;   // what `sensor pack --summary` wrote, read strictly
};

PackOutcome run_pack(const StageContext& stage, const KeepRules& keep,
                     const std::string& record_json, const TempDir& temp);

}  // namespace minify::pipeline
