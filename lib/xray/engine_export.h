#pragma once
// Reads an image from the engine's export as it streams: the engine pushes chunks, lib/image pulls
// bytes, and a pipe joins them, so the image is never held whole, in memory or on disk.

#include <string>

#include "engine/engine_client.h"
#include "image/image.h"
#include "image/image_reader.h"

namespace minify::xray {

// Exports `reference` and reads it (`options.reference` is set to it). When the export fails
// first and the read then stops short, the engine's error (engine::EngineError) is what throws:
// it says why; otherwise the reader's (image::ImageError). XrayError when no pipe can be made.
image::Image read_from_engine(const engine::EngineClient& client, const std::string& reference,
                              image::ReadOptions options = {});

}  // namespace minify::xray
