#include "image/layer_index.h"

#include <array>
#include <optional>

#include "image/archive_stream.h"
#include "image/entry_path.h"
#include "image/image_error.h"
#include "pack/sha256.h"

namespace minify::image {

namespace {

constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";

FileType type_of(archive_entry* entry) {
  if (archive_entry_hardlink(entry) != nullptr) return FileType::kHardLink;
  switch (archive_entry_filetype(entry)) {
    case AE_IFDIR:
      return FileType::kDirectory;
    case AE_IFLNK:
      return FileType::kSymlink;
    case AE_IFCHR:
      return FileType::kCharDevice;
    case AE_IFBLK:
      return FileType::kBlockDevice;
    case AE_IFIFO:
      return FileType::kFifo;
    case AE_IFSOCK:
      return FileType::kSocket;
    default:
      return FileType::kRegular;
  }
}

std::string_view name_of(archive_entry* entry) {
  const char* name = archive_entry_pathname(entry);
  if (name == nullptr) name = archive_entry_pathname_utf8(entry);
  return name != nullptr ? name : "";
}

std::string read_whole(ArchiveStream& stream, std::uint64_t size) {
  std::string data;
  data.resize(size);
  std::size_t got = 0;
  while (got < size) {
    std::size_t n = stream.read_data(data.data() + got, size - got);
    if (n == 0) break;
    got += n;
  }
  data.resize(got);
  return data;
}

// Passes the current entry's contents through `digest`, 64 KiB at a time.
std::string digest_of(ArchiveStream& stream, pack::Sha256& digest) {
  std::array<char, 64 * 1024> buffer;
  while (std::size_t n = stream.read_data(buffer.data(), buffer.size())) {
    digest.update({buffer.data(), n});
  }
  return digest.digest();
}

}  // namespace

bool is_captured_file(std::string_view path) {
  return path == "etc/os-release" || path == "usr/lib/os-release" || path == "var/lib/dpkg/status";
}

LayerIndex index_layer(const ByteReader& read, std::string_view name, const IndexOptions& options) {
  LayerIndex index;
  std::optional<pack::Sha256> digest;
  if (options.hash) digest.emplace();
  ArchiveStream stream(read, "layer " + std::string(name));
  while (archive_entry* entry = stream.next()) {
    FileInfo info;
    try {
      info.path = normalise_entry_path(name_of(entry));
    } catch (const ImageError& e) {
      throw ImageError("layer " + std::string(name) + ": " + e.what());
    }
    info.type = type_of(entry);
    info.mode = archive_entry_perm(entry) & 07777;
    info.uid = static_cast<std::uint32_t>(archive_entry_uid(entry));
    info.gid = static_cast<std::uint32_t>(archive_entry_gid(entry));
    info.mtime = archive_entry_mtime(entry);
    if (info.type == FileType::kRegular)
      info.size = static_cast<std::uint64_t>(archive_entry_size(entry));
    if (info.type == FileType::kSymlink) {
      const char* target = archive_entry_symlink(entry);
      info.link_target = target != nullptr ? target : "";
    } else if (info.type == FileType::kHardLink) {
      try {
        info.link_target = normalise_entry_path(archive_entry_hardlink(entry));
      } catch (const ImageError& e) {
        throw ImageError("layer " + std::string(name) + ": hard link '" + info.path + "': target " +
                         e.what());
      }
    } else if (info.type == FileType::kCharDevice || info.type == FileType::kBlockDevice) {
      info.dev_major = static_cast<std::uint32_t>(archive_entry_rdevmajor(entry));
      info.dev_minor = static_cast<std::uint32_t>(archive_entry_rdevminor(entry));
    }
    if (archive_entry_xattr_reset(entry) > 0) {
      const char* key = nullptr;
      const void* value = nullptr;
      std::size_t size = 0;
      while (archive_entry_xattr_next(entry, &key, &value, &size) == ARCHIVE_OK) {
        // A pax header may carry one attribute twice (SCHILY.xattr and LIBARCHIVE.xattr): once.
        auto same = [&](const auto& xattr) { return xattr.first == key; };
        std::erase_if(info.xattrs, same);
        info.xattrs.emplace_back(key, std::string(static_cast<const char*>(value), size));
      }
    }

    std::string_view base = base_name(info.path);
    if (base.starts_with(kWhiteoutPrefix)) {
      std::string dir(parent_path(info.path));
      if (base == kOpaqueMarker) {
        info.type = FileType::kOpaqueDir;
        info.path = dir;
      } else if (base.starts_with(".wh..wh.")) {
        continue;  // aufs bookkeeping (.wh..wh.plnk, ...): the engine ignores it too
      } else {
        info.type = FileType::kWhiteout;
        std::string deleted(base.substr(kWhiteoutPrefix.size()));
        if (deleted.empty() || deleted == "." || deleted == "..") {
          throw ImageError("layer " + std::string(name) + ": whiteout '" + info.path +
                           "' names no file");
        }
        info.path = dir.empty() ? deleted : dir + "/" + deleted;
      }
      info.size = 0;
      info.link_target.clear();
    } else if (info.type == FileType::kRegular && info.size <= kMaxCapturedBytes &&
               (is_captured_file(info.path) ||
                (options.capture && options.capture(info.path, info.size)))) {
      std::string& contents = index.captured[info.path];
      contents = read_whole(stream, info.size);
      if (digest && options.hash(info.path, info.size)) {
        digest->update(contents);
        info.digest = digest->digest();
      }
    } else if (info.type == FileType::kRegular && digest && options.hash(info.path, info.size)) {
      info.digest = digest_of(stream, *digest);
    } else if (info.path.empty()) {
      continue;  // the root directory itself ("./")
    }
    index.entries.push_back(std::move(info));
  }
  return index;
}

}  // namespace minify::image
