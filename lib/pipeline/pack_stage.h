#pragma once
// Internal to lib/pipeline: the pack stage. A fresh container of the original image that never
// runs the app: `sensor pack` closes the keep-set against the image's pristine filesystem and
// writes its tar and a summary, both fetched; the container is removed on every way out.

#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/app_container.h"
#include "pipeline/options.h"
#include "pipeline/stage_context.h"
#include "pipeline/temp_dir.h"
#include "protocol/pack_summary.h"

namespace minify::pipeline {

struct PackOutcome {
  std::filesystem::path keep_tar;  // the keep-set, as `sensor pack` wrote it, in `temp`
  protocol::PackSummary summary;   // what `sensor pack --summary` wrote, read strictly
};

// The pack container, made and given the sensor before there is a record: the pipeline makes it
// while the app runs under the sensor (run_analysis's `while_app_starts`), so that its creation
// hides behind the app's start. Removed with the object, on every way out.
class PackContainer {
 public:
  PackContainer(const StageContext& stage, const KeepRules& keep);

 private:
  friend PackOutcome run_pack(const StageContext&, PackContainer&, const std::string&,
                              const TempDir&);
  progress::ProgressReporter::Phase making_;  // the creation included
  AppContainer container_;
};

// Gives `pack` the record, runs it, fetches the keep-set tar (streamed to disk once) and the
// summary, and removes the container.
PackOutcome run_pack(const StageContext& stage, PackContainer& pack, const std::string& record_json,
                     const TempDir& temp);

}  // namespace minify::pipeline
