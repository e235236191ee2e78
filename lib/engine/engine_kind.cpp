#include "engine/engine_kind.h"

#include <nlohmann/json.hpp>

namespace minify::engine {

EngineKind engine_kind_of(const nlohmann::json& version_answer) {
  auto components = version_answer.find("Components");
  if (!version_answer.is_object() || components == version_answer.end() || !components->is_array())
    return EngineKind::kDocker;
  for (const auto& component : *components) {
    if (!component.is_object()) continue;
    auto name = component.find("Name");
    if (name != component.end() && name->is_string() &&
        name->get_ref<const std::string&>().starts_with("Podman"))
      return EngineKind::kPodman;
  }
  return EngineKind::kDocker;
}

std::string_view engine_kind_name(EngineKind kind) {
  return kind == EngineKind::kPodman ? "Podman" : "Docker";
}

}  // namespace minify::engine
