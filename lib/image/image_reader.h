#pragma once
// Reads an image archive in one pass over its bytes: docker-archive (`docker save`: manifest.json,
// <id>/layer.tar, config JSON) or an OCI image layout in a tar (oci-layout, index.json,
// blobs/sha256/...; layers plain, gzip or zstd). Entries come in any order: each layer is indexed
// as it passes, small JSON documents are kept, and the layer order is resolved at the end from the
// manifest. Memory holds the index and the JSON, never a layer's contents.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "image/byte_reader.h"
#include "image/image.h"

namespace minify::image {

struct ReadOptions {
  // Which image to take from an archive holding several: matched against repo tags and OCI ref
  // names ("name" matches "name:latest"). Empty, or no match in a one-image archive: the first.
  std::string reference;
  // Called as bytes arrive with the total read so far (from the reading thread).
  std::function<void(std::uint64_t bytes_read)> on_progress;
  // What each layer's index holds beyond metadata (content digests, more captured files).
  IndexOptions index;
};

// Throws ImageError on a corrupt or unknown archive, a missing blob, or a hostile entry name;
// whatever `read` throws comes through unchanged.
Image read_image(const ByteReader& read, const ReadOptions& options = {});

// The same from a file (a tar, optionally gzip- or zstd-compressed) or a directory holding an OCI
// image layout (skopeo's oci:DIR).
Image read_image_file(const std::filesystem::path& path, const ReadOptions& options = {});

}  // namespace minify::image
