#pragma once
// The docker-archive format (`docker save`'s, which POST /images/load reads): manifest.json, the
// config as <hex>.json and the layer as <hex>/layer.tar. Deterministic: fixed entry order, mtimes
// and owners, so the same image gives the same archive bytes.

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace minify::pack {

struct ArchiveImage {
  std::string config_bytes;            // the config JSON, exactly as hashed into the image id
  std::filesystem::path layer_tar;     // the layer, uncompressed
  std::string layer_diff_id;           // "sha256:..." of layer_tar
  std::vector<std::string> repo_tags;  // "name:tag"; loading tags the image with these
};

// The image id: "sha256:" + the config bytes' digest.
std::string image_id(const ArchiveImage& image);

// manifest.json's content for `image`.
nlohmann::json docker_manifest(const ArchiveImage& image);

// Streams the archive to `sink` in chunks of at most 64 KiB (the layer is never held whole).
// Throws std::runtime_error on a read error; exceptions from `sink` propagate.
void write_docker_archive(const ArchiveImage& image,
                          const std::function<void(std::string_view)>& sink);

// The layer of a streamed archive: told where its bytes go, it first says its size to `sized`,
// then writes exactly that many bytes to `bytes`, and returns its diff_id ("sha256:...").
using LayerStream = std::function<std::string(const std::function<void(std::int64_t)>& sized,
                                              const std::function<void(std::string_view)>& bytes)>;

// The archive of an image whose layer is made as it streams (no layer file anywhere): the layer
// first, as "layer.tar", then the config that `config_for` makes from the layer's diff_id, then
// manifest.json. The engine reads the whole archive before it reads the manifest, so the order
// is its to accept; the image id is the config's digest, as with write_docker_archive. Returns
// the image id.
std::string write_streamed_docker_archive(
    const LayerStream& layer, const std::function<std::string(const std::string&)>& config_for,
    const std::vector<std::string>& repo_tags, const std::function<void(std::string_view)>& sink);

// The archive of an image whose one layer the engine already holds (imported just before, see
// engine/image_store.h): manifest.json and the config, no layer. The manifest names the layer's
// path as write_docker_archive would; an engine on a graph driver finds the layer by its chain id
// and never opens that path. Same image id as the whole archive.
void write_layerless_docker_archive(const ArchiveImage& image,
                                    const std::function<void(std::string_view)>& sink);

// Writes the archive to `path` (created or truncated).
void write_docker_archive_file(const ArchiveImage& image, const std::filesystem::path& path);

}  // namespace minify::pack
