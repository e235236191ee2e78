#pragma once
// Which engine answers the Docker Engine API: Docker's own, or Podman's compatible service. Where
// they behave differently (how a seccomp profile is handed over, whose default profile applies),
// the caller branches on this one value rather than on version strings scattered around
// (docs/engines.md lists the differences).

#include <nlohmann/json_fwd.hpp>
#include <string_view>

namespace minify::engine {

enum class EngineKind { kDocker, kPodman };

// From the answer of GET /version: Podman lists a component named "Podman Engine" (Docker lists
// "Engine"); anything else is taken for Docker, whose API it speaks.
EngineKind engine_kind_of(const nlohmann::json& version_answer);

// "Docker", "Podman".
std::string_view engine_kind_name(EngineKind kind);

}  // namespace minify::engine
