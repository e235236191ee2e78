#include "engine/image_store.h"

#include <nlohmann/json.hpp>

namespace minify::engine {

ImageStore image_store_of(EngineKind kind, const nlohmann::json& info_answer) {
  if (kind == EngineKind::kPodman) return ImageStore::kPodman;
  if (!info_answer.is_object()) return ImageStore::kGraphDriver;
  auto status = info_answer.find("DriverStatus");
  if (status == info_answer.end() || !status->is_array()) return ImageStore::kGraphDriver;
  for (const auto& pair : *status) {
    if (pair.is_array() && pair.size() == 2 && pair[0] == "driver-type" && pair[1].is_string() &&
        pair[1].get_ref<const std::string&>().starts_with("io.containerd.snapshotter"))
      return ImageStore::kContainerd;
  }
  return ImageStore::kGraphDriver;
}

}  // namespace minify::engine
