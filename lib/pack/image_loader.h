#pragma once
// Loading a slim image into the engine, in one of two ways (engine/image_store.h says which suits
// the engine): the whole docker-archive streamed into POST /images/load, or the layer streamed
// into an import and then the image loaded without it. No archive file on disk either way; the
// engine tags the image from the manifest.

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

// Streams the layer `layer` makes into POST /images/create?fromSrc=- as image `import_reference`
// (a name of the caller's, to remove once the slim image holds the layer too). Returns the
// imported image's id (the layer's diff_id is what `layer` returned). Throws as
// load_streamed_image.
std::string import_streamed_layer(const engine::Engine& engine, const LayerStream& layer,
                                  const std::string& import_reference, engine::Cancel cancel);

// Loads `image` (its layer_tar unused) from a layerless archive: the engine must hold the layer
// `image.layer_diff_id` already. Returns the image id, the config's digest.
std::string load_layerless_image(const engine::Engine& engine, const ArchiveImage& image,
                                 engine::Cancel cancel);

}  // namespace minify::pack
