#include "pipeline/archive_files.h"

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

namespace minify::pipeline {
namespace {

struct ReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct WriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

std::string message(archive* a) {
  const char* text = archive_error_string(a);
  return text ? text : "unknown error";
}

// Positions `a` at its first regular file; throws when there is none.
void first_file(archive* a, const std::string& what) {
  archive_entry* e = nullptr;
  int r;
  while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
    if (archive_entry_filetype(e) == AE_IFREG) return;
  }
  if (r == ARCHIVE_EOF) throw std::runtime_error(what + ": the engine's tar holds no file");
  throw std::runtime_error(what + ": corrupt tar from the engine: " + message(a));
}

}  // namespace

std::string tar_of(const std::vector<FileToPut>& files) {
  std::string out;
  std::unique_ptr<archive, WriteFree> a(archive_write_new());
  archive_write_set_format_pax_restricted(a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1);
  archive_write_open(
      a.get(), &out, nullptr,
      [](archive*, void* data, const void* buffer, size_t length) -> la_ssize_t {
        static_cast<std::string*>(data)->append(static_cast<const char*>(buffer), length);
        return static_cast<la_ssize_t>(length);
      },
      nullptr);
  std::set<std::string> dirs;
  auto add = [&](const std::string& name, unsigned type, unsigned mode, const std::string* data) {
    std::unique_ptr<archive_entry, EntryFree> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_filetype(e.get(), type);
    archive_entry_set_perm(e.get(), mode);
    archive_entry_set_size(e.get(), data ? static_cast<la_int64_t>(data->size()) : 0);
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK ||
        (data && archive_write_data(a.get(), data->data(), data->size()) !=
                     static_cast<la_ssize_t>(data->size())))
      throw std::runtime_error("cannot make a tar of " + name + ": " + message(a.get()));
  };
  for (const auto& file : files) {
    // Entries are relative: the archive API extracts them under the directory it is given.
    const std::string name = file.name.substr(file.name.find_first_not_of('/'));
    for (auto slash = name.find('/'); slash != std::string::npos;
         slash = name.find('/', slash + 1)) {
      std::string dir = name.substr(0, slash);
      if (dirs.insert(dir).second) add(dir, AE_IFDIR, 0755, nullptr);
    }
    add(name, AE_IFREG, file.mode, &file.content);
  }
  archive_write_close(a.get());
  return out;
}

std::string single_file_of(const std::string& tar_bytes, const std::string& what) {
  std::unique_ptr<archive, ReadFree> a(archive_read_new());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_memory(a.get(), tar_bytes.data(), tar_bytes.size()) != ARCHIVE_OK)
    throw std::runtime_error(what + ": " + message(a.get()));
  first_file(a.get(), what);
  std::string out;
  char buffer[65536];
  la_ssize_t n;
  while ((n = archive_read_data(a.get(), buffer, sizeof buffer)) > 0)
    out.append(buffer, static_cast<size_t>(n));
  if (n < 0) throw std::runtime_error(what + ": " + message(a.get()));
  return out;
}

std::string read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace minify::pipeline
