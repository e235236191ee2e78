#pragma once
// Where `minify xray` reads an image from, decided by its name: a saved image (a docker save tar,
// an OCI archive or an OCI layout directory) or a local image of the engine, streamed from its
// export (xray/engine_export.h).

#include <functional>
#include <string>

#include "engine/engine_client.h"
#include "image/image.h"
#include "progress/progress_reporter.h"

namespace minify::xray {

// True when `name` is a file: it exists, ends like an archive (.tar, .tar.gz, .tgz, .tar.zst), or
// starts with '/' or '.', which no image reference can.
bool names_a_file(const std::string& name);

// Makes the engine's client. Called only for a name that is no file: reading a file needs no
// engine, and a bad DOCKER_HOST does not stop it.
using ConnectEngine = std::function<engine::EngineClient()>;

// Reads the image `name` names, its progress a phase of `reporter` ("reading NAME" or "exporting
// NAME"). For a name that is no file, the image is inspected first, so a missing image fails with
// the engine's "not found" before any export. Throws XrayError for a file that does not exist,
// image::ImageError for a bad image, engine::EngineError for the engine's failures.
image::Image read_named_image(const std::string& name, const ConnectEngine& connect,
                              progress::ProgressReporter& reporter);

}  // namespace minify::xray
