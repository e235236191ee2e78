#pragma once
// Where the engine keeps image layers, which decides how a slim image gets in most cheaply.
// Docker's graph drivers (overlay2, btrfs, ...) register a layer by its chain id, and a load
// (POST /images/load) whose manifest names a layer the engine already holds takes that one and
// never opens the archive's copy; a load of a whole image, though, first writes the archive out
// to a temporary folder and then extracts the layer from there: the kept bytes cross the disk
// twice. So on a graph driver the layer goes in by import (POST /images/create?fromSrc=-, one
// extraction as it streams) and the image by a load without the layer. Docker's containerd image
// store and Podman want every blob in the archive: they get the whole image by load.

#include <nlohmann/json_fwd.hpp>

#include "engine/engine_kind.h"

namespace minify::engine {

enum class ImageStore { kGraphDriver, kContainerd, kPodman };

// From the engine's kind and its answer to GET /info: Docker reports its containerd image store
// as DriverStatus ["driver-type", "io.containerd.snapshotter.v1"]; any other Docker answer is a
// graph driver's.
ImageStore image_store_of(EngineKind kind, const nlohmann::json& info_answer);

}  // namespace minify::engine
