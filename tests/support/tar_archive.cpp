#include "support/tar_archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <stdexcept>

namespace minify::test {

std::string make_tar(const std::vector<TarEntry>& entries) {
  std::string tar;
  archive* writer = archive_write_new();
  archive_write_set_format_pax_restricted(writer);
  // Names are bytes: written as they are, not converted from the locale (which fails for them).
  archive_write_set_options(writer, "hdrcharset=BINARY");
  archive_write_open(
      writer, &tar, nullptr,
      [](archive*, void* data, const void* buffer, size_t length) -> la_ssize_t {
        static_cast<std::string*>(data)->append(static_cast<const char*>(buffer), length);
        return static_cast<la_ssize_t>(length);
      },
      nullptr);
  for (const auto& entry : entries) {
    archive_entry* header = archive_entry_new();
    archive_entry_set_pathname(header, entry.path.c_str());
    archive_entry_set_filetype(header, entry.directory ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(header, entry.mode);
    archive_entry_set_size(header, static_cast<la_int64_t>(entry.content.size()));
    archive_entry_set_mtime(header, 1'700'000'000, 0);
    archive_write_header(writer, header);
    if (!entry.content.empty())
      archive_write_data(writer, entry.content.data(), entry.content.size());
    archive_entry_free(header);
  }
  archive_write_close(writer);
  archive_write_free(writer);
  return tar;
}

std::vector<TarEntry> read_tar(std::string_view tar) {
  std::vector<TarEntry> entries;
  archive* reader = archive_read_new();
  archive_read_support_format_tar(reader);
  if (archive_read_open_memory(reader, tar.data(), tar.size()) != ARCHIVE_OK) {
    archive_read_free(reader);
    throw std::runtime_error("not a tar");
  }
  archive_entry* header = nullptr;
  int r;
  // ARCHIVE_WARN: a name the locale cannot convert (the engine writes UTF-8), kept as its bytes.
  while ((r = archive_read_next_header(reader, &header)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
    TarEntry entry;
    entry.path = archive_entry_pathname(header);
    entry.mode = archive_entry_perm(header);
    entry.directory = archive_entry_filetype(header) == AE_IFDIR;
    char buffer[8192];
    la_ssize_t n;
    while ((n = archive_read_data(reader, buffer, sizeof buffer)) > 0)
      entry.content.append(buffer, static_cast<std::size_t>(n));
    entries.push_back(std::move(entry));
  }
  archive_read_free(reader);
  return entries;
}

}  // namespace minify::test
