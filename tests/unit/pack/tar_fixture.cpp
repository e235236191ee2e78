#include "tar_fixture.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace minify::pack::test {

void write_tar(const std::filesystem::path& path, const std::vector<TarItem>& items) {
  archive* a = archive_write_new();
  archive_write_set_format_pax(a);
  // Names are bytes: written as they are, not converted from the locale (which fails for them).
  archive_write_set_options(a, "hdrcharset=BINARY");
  if (archive_write_open_filename(a, path.c_str()) != ARCHIVE_OK)
    throw std::runtime_error("cannot write test tar");
  for (const auto& item : items) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, item.name.c_str());
    archive_entry_set_perm(e, item.mode);
    archive_entry_set_uid(e, item.uid);
    archive_entry_set_gid(e, item.gid);
    archive_entry_set_mtime(e, item.mtime, 0);
    archive_entry_set_atime(e, item.mtime + 5, 0);
    for (const auto& [k, v] : item.xattrs)
      archive_entry_xattr_add_entry(e, k.c_str(), v.data(), v.size());
    switch (item.type) {
      case 'd':
        archive_entry_set_filetype(e, AE_IFDIR);
        break;
      case 'l':
        archive_entry_set_filetype(e, AE_IFLNK);
        archive_entry_set_symlink(e, item.link.c_str());
        break;
      case 'h':
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_hardlink(e, item.link.c_str());
        break;
      default:
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_size(e, static_cast<la_int64_t>(item.content.size()));
    }
    archive_write_header(a, e);
    if (item.type == 'f') archive_write_data(a, item.content.data(), item.content.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

std::vector<TarItem> read_tar(const std::filesystem::path& path) {
  archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  if (archive_read_open_filename(a, path.c_str(), 10240) != ARCHIVE_OK)
    throw std::runtime_error("cannot read test tar");
  std::vector<TarItem> items;
  archive_entry* e;
  int r;
  // ARCHIVE_WARN: a name the locale cannot convert, kept as its bytes.
  while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
    TarItem item;
    item.name = archive_entry_pathname(e);
    item.mode = archive_entry_perm(e);
    item.uid = archive_entry_uid(e);
    item.gid = archive_entry_gid(e);
    item.mtime = archive_entry_mtime(e);
    if (archive_entry_hardlink(e)) {
      item.type = 'h';
      item.link = archive_entry_hardlink(e);
    } else if (archive_entry_filetype(e) == AE_IFDIR) {
      item.type = 'd';
    } else if (archive_entry_filetype(e) == AE_IFLNK) {
      item.type = 'l';
      item.link = archive_entry_symlink(e);
    }
    archive_entry_xattr_reset(e);
    const char* name;
    const void* value;
    size_t size;
    while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK)
      item.xattrs[name] = std::string(static_cast<const char*>(value), size);
    char buffer[4096];
    la_ssize_t n;
    while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0)
      item.content.append(buffer, static_cast<size_t>(n));
    items.push_back(std::move(item));
  }
  archive_read_free(a);
  return items;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace minify::pack::test
