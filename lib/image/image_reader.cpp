#include "image/image_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "image/archive_stream.h"
#include "image/entry_path.h"
#include "image/image_error.h"

namespace minify::image {

namespace {

using nlohmann::json;

// Configs, manifests and indexes are kilobytes; a JSON blob above this is not one of them.
constexpr std::uint64_t kMaxJsonBytes = 16 << 20;
// Enough to tell a JSON document ('{') from a tar header or a compression magic.
constexpr std::size_t kPeekBytes = 512;
constexpr int kMaxAliasHops = 8;
constexpr int kMaxIndexDepth = 4;

// What one pass over an archive collects, by entry name.
struct ArchiveContents {
  std::map<std::string, std::string> json_documents;
  std::map<std::string, std::shared_ptr<const LayerIndex>> layers;
  // Blobs that are not readable tars: an error only if the manifest names them as a layer.
  std::map<std::string, std::string> layer_errors;
  std::map<std::string, std::uint64_t> blob_bytes;
  // Links between names: `docker save` stores a layer used twice once and links the second name.
  std::map<std::string, std::string> aliases;
};

// Files of the docker-archive format that are neither layers nor documents we need.
bool is_ignored_name(std::string_view name) {
  std::string_view base = base_name(name);
  return base == "VERSION" || base == "json" || name == "repositories";
}

// Keeps `name`'s data as a JSON document (an object or, for manifest.json, an array) or indexes it
// as a layer, from whichever it starts like: a tar starts with a file name or a compression magic.
void collect_blob(ArchiveContents& contents, const std::string& name, std::uint64_t size,
                  const ByteReader& read, const IndexOptions& index) {
  contents.blob_bytes[name] = size;
  bool source_failed = false;
  ByteReader guarded = [&](char* buffer, std::size_t capacity) {
    try {
      return read(buffer, capacity);
    } catch (...) {
      source_failed = true;
      throw;
    }
  };
  std::string head(std::min<std::uint64_t>(size, kPeekBytes), '\0');
  std::size_t got = 0;
  while (got < head.size()) {
    std::size_t n = guarded(head.data() + got, head.size() - got);
    if (n == 0) break;
    got += n;
  }
  head.resize(got);
  if (!head.empty() && (head[0] == '{' || head[0] == '[') && size <= kMaxJsonBytes) {
    std::string document = std::move(head);
    document.resize(size);
    while (got < size) {
      std::size_t n = guarded(document.data() + got, size - got);
      if (n == 0) break;
      got += n;
    }
    document.resize(got);
    contents.json_documents[name] = std::move(document);
    return;
  }
  std::size_t replayed = 0;
  ByteReader replay = [&](char* buffer, std::size_t capacity) -> std::size_t {
    if (replayed < head.size()) {
      std::size_t n = std::min(capacity, head.size() - replayed);
      std::memcpy(buffer, head.data() + replayed, n);
      replayed += n;
      return n;
    }
    return guarded(buffer, capacity);
  };
  try {
    contents.layers[name] = std::make_shared<const LayerIndex>(index_layer(replay, name, index));
  } catch (const ImageError& e) {
    if (source_failed) throw;
    contents.layer_errors[name] = e.what();
  }
}

void collect_archive(ArchiveContents& contents, const ByteReader& read, const IndexOptions& index) {
  ArchiveStream outer(read, "image archive");
  while (archive_entry* entry = outer.next()) {
    const char* raw = archive_entry_pathname(entry);
    std::string name;
    try {
      name = normalise_entry_path(raw != nullptr ? raw : "");
    } catch (const ImageError& e) {
      throw ImageError(std::string("image archive: ") + e.what());
    }
    try {
      if (const char* target = archive_entry_hardlink(entry)) {
        contents.aliases[name] = normalise_entry_path(target);
        continue;
      }
      if (archive_entry_filetype(entry) == AE_IFLNK) {
        std::string target = archive_entry_symlink(entry) ? archive_entry_symlink(entry) : "";
        contents.aliases[name] =
            normalise_entry_path(std::string(parent_path(name)) + "/" + target);
        continue;
      }
    } catch (const ImageError&) {
      continue;  // a link leading out of the archive: it can only matter if named, then it is
                 // missing
    }
    if (archive_entry_filetype(entry) != AE_IFREG || is_ignored_name(name)) continue;
    auto size = static_cast<std::uint64_t>(archive_entry_size(entry));
    collect_blob(
        contents, name, size,
        [&outer](char* buffer, std::size_t capacity) { return outer.read_data(buffer, capacity); },
        index);
  }
}

void collect_layout_directory(ArchiveContents& contents, const std::filesystem::path& root,
                              const IndexOptions& index) {
  for (const auto& file : std::filesystem::recursive_directory_iterator(root)) {
    std::string name = file.path().lexically_relative(root).generic_string();
    // A layout is files skopeo or the engine wrote; a symlink in it could lead anywhere on this
    // machine (/etc/shadow as a "blob"), so it is refused, never followed.
    if (file.is_symlink()) {
      throw ImageError("OCI layout " + root.string() + ": " + name +
                       " is a symlink: refusing to follow it out of the layout");
    }
    if (!file.is_regular_file()) continue;
    int fd = ::open(file.path().c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
      throw ImageError("cannot open " + file.path().string() + ": " + std::strerror(errno));
    }
    try {
      collect_blob(contents, name, file.file_size(), fd_reader(fd), index);
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
  }
}

json parse_document(const ArchiveContents& contents, const std::string& name,
                    std::string_view what) {
  auto it = contents.json_documents.find(name);
  if (it == contents.json_documents.end()) {
    throw ImageError("image archive has no " + std::string(what) + " (" + name + ")");
  }
  try {
    return json::parse(it->second);
  } catch (const json::exception& e) {
    throw ImageError("image archive: " + name + " is not valid JSON: " + e.what());
  }
}

// "sha256:ab12..." -> "blobs/sha256/ab12...", refusing anything that is not a plain digest.
std::string blob_name(const json& descriptor) {
  std::string digest = descriptor.value("digest", "");
  std::size_t colon = digest.find(':');
  auto plain = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '_';
    });
  };
  if (colon == std::string::npos || !plain(digest.substr(0, colon)) ||
      !plain(digest.substr(colon + 1))) {
    throw ImageError("image archive: bad digest '" + digest + "' in a descriptor");
  }
  return "blobs/" + digest.substr(0, colon) + "/" + digest.substr(colon + 1);
}

std::shared_ptr<const LayerIndex> find_layer(const ArchiveContents& contents, std::string name) {
  for (int hop = 0; hop <= kMaxAliasHops; ++hop) {
    if (auto it = contents.layers.find(name); it != contents.layers.end()) return it->second;
    if (auto it = contents.layer_errors.find(name); it != contents.layer_errors.end()) {
      throw ImageError(it->second);
    }
    auto alias = contents.aliases.find(name);
    if (alias == contents.aliases.end()) break;
    name = alias->second;
  }
  throw ImageError("image archive is missing layer " + name + " (truncated?)");
}

std::uint64_t blob_bytes_of(const ArchiveContents& contents, std::string name) {
  for (int hop = 0; hop <= kMaxAliasHops; ++hop) {
    if (auto it = contents.blob_bytes.find(name); it != contents.blob_bytes.end())
      return it->second;
    auto alias = contents.aliases.find(name);
    if (alias == contents.aliases.end()) break;
    name = alias->second;
  }
  return 0;
}

bool reference_matches(const std::string& reference, const std::string& tag) {
  return !reference.empty() && (tag == reference || tag == reference + ":latest");
}

Image resolve_docker_archive(const ArchiveContents& contents, const ReadOptions& options) {
  json manifest = parse_document(contents, "manifest.json", "manifest");
  if (!manifest.is_array() || manifest.empty()) {
    throw ImageError("image archive: manifest.json lists no image");
  }
  const json* chosen = &manifest.front();
  for (const json& candidate : manifest) {
    for (const json& tag : candidate.value("RepoTags", json::array())) {
      if (tag.is_string() && reference_matches(options.reference, tag.get<std::string>())) {
        chosen = &candidate;
      }
    }
  }
  Image image;
  image.format = "docker-archive";
  std::string config_name = normalise_entry_path(chosen->value("Config", ""));
  image.config = parse_document(contents, config_name, "image config");
  std::string id(base_name(config_name));
  if (id.ends_with(".json")) id.resize(id.size() - 5);
  image.id = "sha256:" + id;
  for (const json& tag : chosen->value("RepoTags", json::array())) {
    if (tag.is_string()) image.tags.push_back(tag.get<std::string>());
  }
  for (const json& layer_name : chosen->value("Layers", json::array())) {
    Layer layer;
    layer.blob = normalise_entry_path(layer_name.get<std::string>());
    layer.index = find_layer(contents, layer.blob);
    layer.blob_bytes = blob_bytes_of(contents, layer.blob);
    image.layers.push_back(std::move(layer));
  }
  return image;
}

bool is_index_media_type(const std::string& media_type) {
  return media_type == "application/vnd.oci.image.index.v1+json" ||
         media_type == "application/vnd.docker.distribution.manifest.list.v2+json";
}

std::string ref_name(const json& descriptor) {
  return descriptor.value("annotations", json::object())
      .value("org.opencontainers.image.ref.name", "");
}

// The manifest descriptor to use: the one named by the reference, else linux/amd64, else the first.
json choose_manifest(const ArchiveContents& contents, const json& index, const ReadOptions& options,
                     int depth) {
  const json manifests = index.value("manifests", json::array());
  if (!manifests.is_array() || manifests.empty()) {
    throw ImageError("image archive: the OCI index lists no manifest");
  }
  const json* chosen = &manifests.front();
  bool named = false;
  for (const json& descriptor : manifests) {
    std::string ref = ref_name(descriptor);
    std::string reference_tag = options.reference.substr(options.reference.rfind(':') + 1);
    if (!ref.empty() && (reference_matches(options.reference, ref) || ref == reference_tag)) {
      chosen = &descriptor;
      named = true;
      break;
    }
  }
  if (!named) {
    for (const json& descriptor : manifests) {
      json platform = descriptor.value("platform", json::object());
      if (platform.value("os", "") == "linux" && platform.value("architecture", "") == "amd64") {
        chosen = &descriptor;
        break;
      }
    }
  }
  if (is_index_media_type(chosen->value("mediaType", ""))) {
    if (depth >= kMaxIndexDepth) throw ImageError("image archive: OCI indexes nest too deep");
    json nested = parse_document(contents, blob_name(*chosen), "nested OCI index");
    json descriptor = choose_manifest(contents, nested, options, depth + 1);
    if (ref_name(descriptor).empty() && !ref_name(*chosen).empty()) {
      descriptor["annotations"]["org.opencontainers.image.ref.name"] = ref_name(*chosen);
    }
    return descriptor;
  }
  return *chosen;
}

Image resolve_oci(const ArchiveContents& contents, const ReadOptions& options) {
  json index = parse_document(contents, "index.json", "OCI index");
  json descriptor = choose_manifest(contents, index, options, 0);
  json manifest = parse_document(contents, blob_name(descriptor), "image manifest");
  Image image;
  image.format = "oci";
  const json config_descriptor = manifest.value("config", json::object());
  image.config = parse_document(contents, blob_name(config_descriptor), "image config");
  image.id = config_descriptor.value("digest", "");
  if (std::string ref = ref_name(descriptor); !ref.empty()) image.tags.push_back(ref);
  for (const json& layer_descriptor : manifest.value("layers", json::array())) {
    Layer layer;
    layer.blob = blob_name(layer_descriptor);
    layer.index = find_layer(contents, layer.blob);
    layer.blob_bytes = layer_descriptor.value("size", blob_bytes_of(contents, layer.blob));
    image.layers.push_back(std::move(layer));
  }
  return image;
}

// Each layer's diff id, and the instruction that made it: history entries marked empty_layer made
// no layer, the others match the layers in order.
void attach_history(Image& image) {
  json diff_ids = image.config.value("rootfs", json::object()).value("diff_ids", json::array());
  for (std::size_t i = 0; i < image.layers.size() && i < diff_ids.size(); ++i) {
    if (diff_ids[i].is_string()) image.layers[i].diff_id = diff_ids[i].get<std::string>();
  }
  const json history = image.config.value("history", json::array());
  std::vector<const json*> made_layer;
  for (const json& step : history) {
    if (!step.value("empty_layer", false)) made_layer.push_back(&step);
  }
  if (made_layer.size() != image.layers.size())
    return;  // a history that does not add up says nothing
  for (std::size_t i = 0; i < made_layer.size(); ++i) {
    std::string created_by = made_layer[i]->value("created_by", "");
    if (created_by.empty()) created_by = made_layer[i]->value("comment", "");
    image.layers[i].created_by = created_by;
    image.layers[i].created = made_layer[i]->value("created", "");
  }
}

Image resolve(const ArchiveContents& contents, const ReadOptions& options) {
  Image image;
  try {
    if (contents.json_documents.contains("manifest.json")) {
      image = resolve_docker_archive(contents, options);
    } else if (contents.json_documents.contains("index.json")) {
      image = resolve_oci(contents, options);
    } else {
      throw ImageError(
          "not an image archive: no manifest.json (docker-archive) or index.json (OCI layout)");
    }
    attach_history(image);
  } catch (const json::exception& e) {
    throw ImageError(std::string("image archive: unexpected manifest or config: ") + e.what());
  }
  return image;
}

}  // namespace

Image read_image(const ByteReader& read, const ReadOptions& options) {
  std::uint64_t total = 0;
  ByteReader counted = [&](char* buffer, std::size_t capacity) {
    std::size_t n = read(buffer, capacity);
    total += n;
    if (options.on_progress) options.on_progress(total);
    return n;
  };
  ArchiveContents contents;
  collect_archive(contents, options.on_progress ? counted : read, options.index);
  return resolve(contents, options);
}

Image read_image_file(const std::filesystem::path& path, const ReadOptions& options) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    ArchiveContents contents;
    collect_layout_directory(contents, path, options.index);
    return resolve(contents, options);
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw ImageError("cannot open " + path.string() + ": " + std::strerror(errno));
  try {
    Image image = read_image(fd_reader(fd), options);
    ::close(fd);
    return image;
  } catch (const ImageError& e) {
    ::close(fd);
    throw ImageError(path.string() + ": " + e.what());
  } catch (...) {
    ::close(fd);
    throw;
  }
}

}  // namespace minify::image
