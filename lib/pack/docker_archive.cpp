#include "pack/docker_archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "pack/sha256.h"

namespace minify::pack {
namespace {

using Sink = std::function<void(std::string_view)>;

struct Writer {
  const Sink* sink;
  std::exception_ptr error;  // from the sink: rethrown once libarchive has unwound
};

la_ssize_t write_callback(archive*, void* data, const void* buffer, size_t length) {
  auto* writer = static_cast<Writer*>(data);
  try {
    (*writer->sink)({static_cast<const char*>(buffer), length});
  } catch (...) {
    writer->error = std::current_exception();
    return -1;
  }
  return static_cast<la_ssize_t>(length);
}

struct ArchiveFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

class TarOut {
 public:
  explicit TarOut(const Sink& sink) : writer_{&sink, nullptr}, a_(archive_write_new()) {
    archive_write_set_format_pax_restricted(a_.get());
    // The engine reads a stream: no need to pad the end to a 10 KiB block.
    archive_write_set_bytes_in_last_block(a_.get(), 1);
    if (archive_write_open(a_.get(), &writer_, nullptr, write_callback, nullptr) != ARCHIVE_OK)
      fail("open");
  }

  void header(const std::string& name, unsigned type, std::int64_t size) {
    std::unique_ptr<archive_entry, EntryFree> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_filetype(e.get(), type);
    archive_entry_set_perm(e.get(), type == AE_IFDIR ? 0755 : 0644);
    archive_entry_set_size(e.get(), size);
    archive_entry_set_mtime(e.get(), 0, 0);
    if (archive_write_header(a_.get(), e.get()) != ARCHIVE_OK) fail(name);
  }

  void data(std::string_view bytes, const std::string& name) {
    if (archive_write_data(a_.get(), bytes.data(), bytes.size()) !=
        static_cast<la_ssize_t>(bytes.size()))
      fail(name);
  }

  void file(const std::string& name, std::string_view bytes) {
    header(name, AE_IFREG, static_cast<std::int64_t>(bytes.size()));
    data(bytes, name);
  }

  void close() {
    if (archive_write_close(a_.get()) != ARCHIVE_OK) fail("end");
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    if (writer_.error) std::rethrow_exception(writer_.error);
    const char* text = archive_error_string(a_.get());
    throw std::runtime_error("writing docker-archive (" + what + "): " + (text ? text : "error"));
  }

  Writer writer_;
  std::unique_ptr<archive, ArchiveFree> a_;
};

}  // namespace

std::string image_id(const ArchiveImage& image) {
  return sha256_digest(image.config_bytes);
}

nlohmann::json docker_manifest(const ArchiveImage& image) {
  std::string config_name = std::string(digest_hex(image_id(image))) + ".json";
  std::string layer_name = std::string(digest_hex(image.layer_diff_id)) + "/layer.tar";
  nlohmann::json tags = nlohmann::json::array();
  for (const auto& tag : image.repo_tags) tags.push_back(tag);
  return nlohmann::json::array(
      {{{"Config", config_name}, {"RepoTags", tags}, {"Layers", {layer_name}}}});
}

void write_docker_archive(const ArchiveImage& image, const Sink& sink) {
  std::ifstream layer(image.layer_tar, std::ios::binary);
  if (!layer) throw std::runtime_error("cannot read layer " + image.layer_tar.string());
  std::error_code ec;
  auto layer_size = std::filesystem::file_size(image.layer_tar, ec);
  if (ec) throw std::runtime_error("cannot read layer " + image.layer_tar.string());

  std::string layer_dir(digest_hex(image.layer_diff_id));
  TarOut out(sink);
  out.header(layer_dir + "/", AE_IFDIR, 0);
  out.header(layer_dir + "/layer.tar", AE_IFREG, static_cast<std::int64_t>(layer_size));
  std::vector<char> buffer(64 * 1024);
  std::uintmax_t copied = 0;
  while (copied < layer_size) {
    layer.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    auto got = layer.gcount();
    if (got <= 0) throw std::runtime_error("layer " + image.layer_tar.string() + " shrank");
    out.data({buffer.data(), static_cast<std::size_t>(got)}, "layer.tar");
    copied += static_cast<std::uintmax_t>(got);
  }
  out.file(std::string(digest_hex(image_id(image))) + ".json", image.config_bytes);
  out.file("manifest.json", docker_manifest(image).dump());
  out.close();
}

std::string write_streamed_docker_archive(
    const LayerStream& layer, const std::function<std::string(const std::string&)>& config_for,
    const std::vector<std::string>& repo_tags, const Sink& sink) {
  const std::string layer_name = "layer.tar";
  TarOut out(sink);
  std::string diff_id = layer([&](std::int64_t size) { out.header(layer_name, AE_IFREG, size); },
                              [&](std::string_view bytes) { out.data(bytes, layer_name); });
  ArchiveImage image{config_for(diff_id), {}, diff_id, repo_tags};
  std::string config_name = std::string(digest_hex(image_id(image))) + ".json";
  out.file(config_name, image.config_bytes);
  nlohmann::json tags = nlohmann::json::array();
  for (const auto& tag : repo_tags) tags.push_back(tag);
  nlohmann::json manifest = nlohmann::json::array(
      {{{"Config", config_name}, {"RepoTags", tags}, {"Layers", {layer_name}}}});
  out.file("manifest.json", manifest.dump());
  out.close();
  return image_id(image);
}

void write_layerless_docker_archive(const ArchiveImage& image, const Sink& sink) {
  TarOut out(sink);
  out.file(std::string(digest_hex(image_id(image))) + ".json", image.config_bytes);
  out.file("manifest.json", docker_manifest(image).dump());
  out.close();
}

void write_docker_archive_file(const ArchiveImage& image, const std::filesystem::path& path) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) throw std::runtime_error("cannot create " + path.string());
  write_docker_archive(image, [&](std::string_view chunk) {
    file.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    if (!file)
      throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
  });
  file.close();
  if (!file) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace minify::pack
