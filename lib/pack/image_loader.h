#pragma once
// Loading a slim image into the engine: the docker-archive is streamed straight into
// POST /images/load (no archive file on disk), and the engine tags it from the manifest.

#include "engine/engine.h"
#include "pack/docker_archive.h"

namespace minify::pack {

// Loads the image write_streamed_docker_archive makes of `layer` and `config_for`, as it is made:
// the layer's bytes go into the engine as they are written. Returns its id ("sha256:...").
// Throws engine::EngineError (the engine's own message, or kCancelled) or std::runtime_error
// (reading the layer).
std::string load_streamed_image(const engine::Engine& engine, const LayerStream& layer,
                                const std::function<std::string(const std::string&)>& config_for,
                                const std::vector<std::string>& repo_tags, engine::Cancel cancel);

}  // namespace minify::pack
