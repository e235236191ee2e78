#include "engine/engine_kind.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace minify::engine;

TEST_CASE("Podman is told by its 'Podman Engine' component; anything else is Docker") {
  auto podman = nlohmann::json::parse(R"({"Platform":{"Name":"linux/amd64/debian-12"},
      "Components":[{"Name":"Podman Engine","Version":"4.3.1"},{"Name":"Conmon"}],
      "Version":"4.3.1","ApiVersion":"1.41"})");
  CHECK(engine_kind_of(podman) == EngineKind::kPodman);
  auto docker = nlohmann::json::parse(R"({"Platform":{"Name":""},
      "Components":[{"Name":"Engine","Version":"20.10.24+dfsg1"},{"Name":"containerd"}],
      "Version":"20.10.24+dfsg1","ApiVersion":"1.41"})");
  CHECK(engine_kind_of(docker) == EngineKind::kDocker);
  CHECK(engine_kind_of(nlohmann::json::parse(R"({"Version":"19.03"})")) == EngineKind::kDocker);
  CHECK(engine_kind_of(nlohmann::json::parse(R"({"Components":[1,{"Name":2}]})")) ==
        EngineKind::kDocker);
  CHECK(engine_kind_name(EngineKind::kPodman) == "Podman");
  CHECK(engine_kind_name(EngineKind::kDocker) == "Docker");
}
