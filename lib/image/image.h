#pragma once
// An image as read from an archive: its config and its layers, bottom first, each indexed
// (metadata of every entry, no contents).

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "image/layer_index.h"

namespace minify::image {

struct Layer {
  std::string blob;        // its name in the archive: "<id>/layer.tar" or "blobs/sha256/<hex>"
  std::string diff_id;     // "sha256:..." of the uncompressed tar, from the config ("" if absent)
  std::string created_by;  // the instruction that made it, from the config's history ("" if absent)
  std::string created;     // when, as the history says (RFC 3339)
  std::uint64_t blob_bytes = 0;  // size of the blob as stored (compressed when it is)
  // Shared: an archive may use one blob for two layers.
  std::shared_ptr<const LayerIndex> index;
};

struct Image {
  std::string format;             // "docker-archive" or "oci"
  std::string id;                 // the config's digest, "sha256:..."
  std::vector<std::string> tags;  // repo tags or OCI ref names found in the archive
  nlohmann::json config;          // the image config (Env, Entrypoint, history, rootfs, ...)
  std::vector<Layer> layers;      // bottom first
};

}  // namespace minify::image
