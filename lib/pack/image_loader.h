#pragma once
// Loading a slim image into the engine: the docker-archive is streamed straight into
// POST /images/load (no archive file on disk), and the engine tags it from the manifest.

#include "engine/engine.h"
#include "pack/docker_archive.h"

namespace minify::pack {

// Loads `image` and returns its id ("sha256:..."). Throws engine::EngineError (the engine's own
// message, or kCancelled) or std::runtime_error (reading the layer).
std::string load_image(const engine::Engine& engine, const ArchiveImage& image,
                       engine::Cancel cancel);

}  // namespace minify::pack
