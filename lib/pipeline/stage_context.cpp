#include "pipeline/stage_context.h"

#include <stdexcept>

#include "pipeline/app_container.h"
#include "pipeline/archive_files.h"
#include "pipeline/background_removals.h"

namespace minify::pipeline {

std::string read_sensor(const std::filesystem::path& path) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::is_regular_file(path, ec))
    throw std::runtime_error("the sensor binary is not at " +
                             (path.empty() ? std::string("(unset)") : path.string()) +
                             "; build it (scripts/build) or pass --sensor PATH");
  return read_whole_file(path);
}

void done_with(const StageContext& stage, AppContainer& container) {
  if (stage.removals)
    stage.removals->remove(container);
  else
    container.remove();
}

}  // namespace minify::pipeline
