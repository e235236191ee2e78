#include "pipeline/run_volumes.h"

#include <algorithm>

#include "pipeline/app_container.h"
#include "pipeline/run_owner.h"

namespace minify::pipeline {

RunVolumes::RunVolumes(const engine::Engine& engine, const std::vector<Mount>& mounts)
    : engine_(engine) {
  for (const auto& mount : mounts) {
    if (mount.type != Mount::Type::kVolume || mount.source.empty()) continue;
    if (std::find(made_.begin(), made_.end(), mount.source) != made_.end()) continue;
    if (engine_.volume_exists(mount.source)) continue;
    engine_.create_volume(mount.source,
                          {{kContainerLabel, "volume"}, {kOwnerLabel, RunOwner::self().label()}});
    made_.push_back(mount.source);
  }
}

RunVolumes::~RunVolumes() {
  for (const auto& name : made_) {
    try {
      engine_.remove_volume(name);
    } catch (...) {
      // A destructor must not throw; the owner label lets the next run remove it.
    }
  }
}

}  // namespace minify::pipeline
