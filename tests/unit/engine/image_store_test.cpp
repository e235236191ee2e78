#include "engine/image_store.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace minify::engine;

TEST_CASE("the image store: a graph driver, Docker's containerd store, or Podman's") {
  // Docker 20.10 on overlay2, as GET /info answers it here.
  auto overlay2 = nlohmann::json::parse(R"({"Driver":"overlay2","DriverStatus":[
      ["Backing Filesystem","extfs"],["Supports d_type","true"],["Native Overlay Diff","true"],
      ["userxattr","false"]]})");
  CHECK(image_store_of(EngineKind::kDocker, overlay2) == ImageStore::kGraphDriver);
  // Docker with the containerd image store (the "containerd-snapshotter" feature).
  auto containerd = nlohmann::json::parse(
      R"({"Driver":"overlayfs","DriverStatus":[["driver-type","io.containerd.snapshotter.v1"]]})");
  CHECK(image_store_of(EngineKind::kDocker, containerd) == ImageStore::kContainerd);
  CHECK(image_store_of(EngineKind::kPodman, overlay2) == ImageStore::kPodman);
  // Answers missing the fields, or odd in shape, are a graph driver's: Docker's before the
  // containerd store existed.
  CHECK(image_store_of(EngineKind::kDocker, nlohmann::json::object()) == ImageStore::kGraphDriver);
  CHECK(
      image_store_of(EngineKind::kDocker, nlohmann::json::parse(R"({"DriverStatus":[1,["a"]]})")) ==
      ImageStore::kGraphDriver);
}
