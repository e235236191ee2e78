#include "pack/oci_layout.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "pack/sha256.h"

namespace minify::pack {

namespace {

using nlohmann::json;

constexpr const char* kManifestType = "application/vnd.oci.image.manifest.v1+json";
constexpr const char* kConfigType = "application/vnd.oci.image.config.v1+json";
constexpr const char* kLayerType = "application/vnd.oci.image.layer.v1.tar";

void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.close();
  if (!file)
    throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
}

std::filesystem::path blob_path(const std::filesystem::path& dir, std::string_view digest) {
  return dir / "blobs" / "sha256" / std::string(digest_hex(digest));
}

// "name:tag" -> "tag"; a reference by digest or without a tag -> "latest".
std::string tag_of(const std::string& reference) {
  std::size_t slash = reference.rfind('/');
  std::size_t colon = reference.rfind(':');
  if (reference.find('@') != std::string::npos || colon == std::string::npos ||
      (slash != std::string::npos && colon < slash))
    return "latest";
  return reference.substr(colon + 1);
}

void check_destination(const std::filesystem::path& dir) {
  std::error_code error;
  if (!std::filesystem::exists(dir, error)) return;
  if (!std::filesystem::is_directory(dir, error))
    throw std::runtime_error(dir.string() + " exists and is not a directory");
  if (std::filesystem::exists(dir / "oci-layout", error)) return;
  if (!std::filesystem::is_empty(dir, error))
    throw std::runtime_error(dir.string() +
                             " is neither empty nor an OCI layout: refusing to write there");
}

}  // namespace

std::string oci_manifest(const ArchiveImage& image) {
  std::error_code error;
  auto layer_size = std::filesystem::file_size(image.layer_tar, error);
  if (error) throw std::runtime_error("cannot read layer " + image.layer_tar.string());
  json manifest = {
      {"schemaVersion", 2},
      {"mediaType", kManifestType},
      {"config",
       {{"mediaType", kConfigType},
        {"digest", image_id(image)},
        {"size", image.config_bytes.size()}}},
      {"layers",
       {{{"mediaType", kLayerType}, {"digest", image.layer_diff_id}, {"size", layer_size}}}}};
  return manifest.dump();
}

void write_oci_layout(const ArchiveImage& image, const std::filesystem::path& dir) {
  check_destination(dir);
  std::filesystem::create_directories(dir / "blobs" / "sha256");
  std::filesystem::path layer = blob_path(dir, image.layer_diff_id);
  std::filesystem::copy_file(image.layer_tar, layer,
                             std::filesystem::copy_options::overwrite_existing);
  write_file(blob_path(dir, image_id(image)), image.config_bytes);
  std::string manifest = oci_manifest(image);
  std::string manifest_digest = sha256_digest(manifest);
  write_file(blob_path(dir, manifest_digest), manifest);
  json descriptor = {
      {"mediaType", kManifestType}, {"digest", manifest_digest}, {"size", manifest.size()}};
  if (!image.repo_tags.empty()) {
    descriptor["annotations"] = {
        {"io.containerd.image.name", image.repo_tags.front()},
        {"org.opencontainers.image.ref.name", tag_of(image.repo_tags.front())}};
  }
  json index = {{"schemaVersion", 2},
                {"mediaType", "application/vnd.oci.image.index.v1+json"},
                {"manifests", {descriptor}}};
  write_file(dir / "index.json", index.dump());
  write_file(dir / "oci-layout", json{{"imageLayoutVersion", "1.0.0"}}.dump());
}

}  // namespace minify::pack
