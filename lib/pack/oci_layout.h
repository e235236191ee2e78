#pragma once
// The OCI image layout (image-spec's image-layout.md, what `skopeo copy ... oci:DIR` writes and
// reads): `oci-layout`, `index.json` naming one manifest, and `blobs/sha256/<hex>` for the
// manifest, the config and the one layer (an uncompressed tar: its digest is its diff id).
// Deterministic: the same image gives the same files, byte for byte, hence the same digests.

#include <filesystem>
#include <string>

#include "pack/docker_archive.h"

namespace minify::pack {

// The manifest's JSON text, exactly as hashed into its digest.
std::string oci_manifest(const ArchiveImage& image);

// Writes `image` as an OCI layout in `dir`, created when missing. The index names the manifest
// with `org.opencontainers.image.ref.name` = the tag of `image.repo_tags[0]` ("latest") and
// `io.containerd.image.name` = that whole reference, as BuildKit writes them. A `dir` that
// exists must be empty or hold an OCI layout (its index.json is then replaced; blobs stay).
// Throws std::runtime_error naming the path when it cannot.
void write_oci_layout(const ArchiveImage& image, const std::filesystem::path& dir);

}  // namespace minify::pack
