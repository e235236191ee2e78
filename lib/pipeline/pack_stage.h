#pragma once
// Internal to lib/pipeline: the pack stage. A fresh container of the original image that never
// runs the app: `sensor pack` closes the keep-set against the image's pristine filesystem and
// writes its tar and a summary, both fetched; the container is removed on every way out.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pipeline/options.h"
#include "pipeline/stage_context.h"
#include "pipeline/temp_dir.h"
#include "report/build_report.h"

namespace minify::pipeline {

// What `sensor pack --summary` says of the keep-set (lib/analysis/summary.h writes it).
struct PackSummary {
  report::Counts kept;
  report::Counts image;  // the whole original filesystem
  std::vector<report::DirSize> largest_dirs;
  std::vector<std::string> warnings;  // e.g. --exclude removals
};

// The one reader of the summary's JSON; a missing member reads as zero or empty.
PackSummary read_pack_summary(const nlohmann::json& summary);

struct PackOutcome {
  std::filesystem::path keep_tar;  // the keep-set, as `sensor pack` wrote it, in `temp`
  PackSummary summary;
};

PackOutcome run_pack(const StageContext& stage, const KeepRules& keep,
                     const std::string& record_json, const TempDir& temp);

}  // namespace minify::pipeline
