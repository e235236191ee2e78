#pragma once
// Where `minify xray` reads an image from, decided by its name: a saved image (a docker save tar,
// an OCI archive or an OCI layout directory) or a local image of the engine, streamed from its
// export (xray/engine_export.h).

#include <functional>
#include <string>

#include "engine/engine_client.h"
#include "image/image.h"
#include "image/layer_index.h"
#include "progress/progress_reporter.h"

namespace minify::xray {

// True when `name` is a file: it exists, ends like an archive (.tar, .tar.gz, .tgz, .tar.zst), or
// starts with '/' or '.', which no image reference can.
bool names_a_file(const std::string& name);

// A name split as skopeo spells its transports: "docker-archive:FILE", "oci-archive:FILE" and
// "oci:DIR" read a file, each optionally followed by ":REF" (the image to take from an archive
// holding several; split at the first ':' unless the whole is an existing path), and
// "docker-daemon:REF" the engine; any other name is a file when names_a_file() says so, else
// the engine's.
struct ImageName {
  bool file = false;
  std::string path;       // the file or directory, when `file`
  std::string reference;  // the engine's reference, or which image of the file ("" = the first)
};
ImageName parse_image_name(const std::string& name);

// Makes the engine's client. Called only for a name that is no file: reading a file needs no
// engine, and a bad DOCKER_HOST does not stop it.
using ConnectEngine = std::function<engine::EngineClient()>;

// Reads the image `name` names, its progress a phase of `reporter` ("reading NAME" or "exporting
// NAME"). For a name that is no file, the image is inspected first, so a missing image fails with
// the engine's "not found" before any export. Throws XrayError for a file that does not exist,
// image::ImageError for a bad image, engine::EngineError for the engine's failures.
// `index` says what each layer's index holds beyond metadata (lib/image/layer_index.h).
image::Image read_named_image(const std::string& name, const ConnectEngine& connect,
                              progress::ProgressReporter& reporter,
                              const image::IndexOptions& index = {});

}  // namespace minify::xray
