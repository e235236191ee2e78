#pragma once
// Builds layer tars and image archives in memory for the unit tests, with libarchive's writer:
// any name (hostile ones included), any type, xattrs, gzip or zstd.

#include <archive.h>
#include <archive_entry.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "image/byte_reader.h"

namespace minify::image::test {

struct TarEntry {
  std::string name;
  char kind = 'f';   // f file, d dir, l symlink, h hard link, c char device, p fifo
  std::string data;  // file contents
  std::string link;  // symlink or hard link target
  unsigned mode = 0644;
  unsigned uid = 0, gid = 0;
  long mtime = 1700000000;
  std::vector<std::pair<std::string, std::string>> xattrs;
  std::uint64_t sparse_size = 0;  // when set, a sparse file of this size holding `data` at 0
};

inline TarEntry entry(std::string name, char kind, std::string data, std::string link,
                      unsigned mode) {
  TarEntry e;
  e.name = std::move(name);
  e.kind = kind;
  e.data = std::move(data);
  e.link = std::move(link);
  e.mode = mode;
  return e;
}
inline TarEntry file(std::string name, std::string data, unsigned mode = 0644) {
  return entry(std::move(name), 'f', std::move(data), "", mode);
}
inline TarEntry dir(std::string name, unsigned mode = 0755) {
  return entry(std::move(name), 'd', "", "", mode);
}
inline TarEntry symbolic_link(std::string name, std::string target) {
  return entry(std::move(name), 'l', "", std::move(target), 0777);
}
inline TarEntry hard_link(std::string name, std::string target) {
  return entry(std::move(name), 'h', "", std::move(target), 0644);
}
inline TarEntry char_device(std::string name) {
  return entry(std::move(name), 'c', "", "", 0666);
}
// A file that claims `size` bytes while the archive stores one: how a hostile image inflates sizes.
inline TarEntry sparse_file(std::string name, std::uint64_t size) {
  TarEntry e = file(std::move(name), "x");
  e.sparse_size = size;
  return e;
}
inline TarEntry fifo(std::string name) {
  return entry(std::move(name), 'p', "", "", 0644);
}
inline TarEntry whiteout(const std::string& dir_prefix, const std::string& name) {
  return file(dir_prefix + ".wh." + name, "");
}

enum class Compression { kNone, kGzip, kZstd };

inline std::string make_tar(const std::vector<TarEntry>& entries,
                            Compression compression = Compression::kNone) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  // Names are bytes, as the engine writes them: not converted from the locale.
  archive_write_set_options(a, "hdrcharset=BINARY");
  if (compression == Compression::kGzip) archive_write_add_filter_gzip(a);
  if (compression == Compression::kZstd) archive_write_add_filter_zstd(a);
  archive_write_set_bytes_in_last_block(a, 1);
  auto on_write = [](archive*, void* self, const void* buffer, size_t n) -> la_ssize_t {
    static_cast<std::string*>(self)->append(static_cast<const char*>(buffer), n);
    return static_cast<la_ssize_t>(n);
  };
  if (archive_write_open(a, &out, nullptr, on_write, nullptr) != ARCHIVE_OK) {
    throw std::runtime_error(archive_error_string(a));
  }
  for (const TarEntry& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    archive_entry_set_perm(entry, e.mode);
    archive_entry_set_uid(entry, e.uid);
    archive_entry_set_gid(entry, e.gid);
    archive_entry_set_mtime(entry, e.mtime, 0);
    switch (e.kind) {
      case 'd':
        archive_entry_set_filetype(entry, AE_IFDIR);
        break;
      case 'l':
        archive_entry_set_filetype(entry, AE_IFLNK);
        archive_entry_set_symlink(entry, e.link.c_str());
        break;
      case 'h':
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_hardlink(entry, e.link.c_str());
        break;
      case 'c':
        archive_entry_set_filetype(entry, AE_IFCHR);
        archive_entry_set_rdevmajor(entry, 1);
        archive_entry_set_rdevminor(entry, 3);
        break;
      case 'p':
        archive_entry_set_filetype(entry, AE_IFIFO);
        break;
      default:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_size(entry, static_cast<la_int64_t>(e.data.size()));
        if (e.sparse_size != 0) {
          archive_entry_set_size(entry, static_cast<la_int64_t>(e.sparse_size));
          archive_entry_sparse_add_entry(entry, 0, static_cast<la_int64_t>(e.data.size()));
        }
    }
    for (const auto& [key, value] : e.xattrs) {
      archive_entry_xattr_add_entry(entry, key.c_str(), value.data(), value.size());
    }
    if (archive_write_header(a, entry) != ARCHIVE_OK) {
      throw std::runtime_error(archive_error_string(a));
    }
    if (e.kind == 'f' && !e.data.empty()) archive_write_data(a, e.data.data(), e.data.size());
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

// A ByteReader over a string, handing out at most `chunk` bytes a call (to exercise short reads).
inline ByteReader string_reader(const std::string& data, std::size_t chunk = 1000) {
  return [&data, chunk, offset = std::size_t{0}](char* buffer, std::size_t capacity) mutable {
    std::size_t n = std::min({capacity, chunk, data.size() - offset});
    std::memcpy(buffer, data.data() + offset, n);
    offset += n;
    return n;
  };
}

}  // namespace minify::image::test
