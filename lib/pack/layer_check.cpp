#include "pack/layer_check.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <stdexcept>
#include <vector>

#include "byte_names/printable_name.h"
#include "pack/sha256.h"

namespace minify::pack {
namespace {

constexpr std::size_t kBlock = 256 * 1024;

struct ReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("the keep-set tar: " + what);
}

std::string quoted(std::string_view name) {
  return "'" + byte_names::printable(name) + "'";
}

// Every byte read goes to the sink, hashed and counted, whoever asked for it (libarchive's
// headers and data, or the drain after the tar's end).
struct Tee {
  const std::function<std::size_t(char*, std::size_t)>* read = nullptr;
  const std::function<void(std::string_view)>* sink = nullptr;
  std::vector<char> buffer = std::vector<char>(kBlock);
  Sha256 hash;
  std::int64_t size = 0;
  std::exception_ptr error;  // from `read` or `sink`: rethrown once libarchive has unwound

  std::size_t pull() {
    std::size_t n = (*read)(buffer.data(), buffer.size());
    std::string_view bytes(buffer.data(), n);
    (*sink)(bytes);
    hash.update(bytes);
    size += static_cast<std::int64_t>(n);
    return n;
  }
};

la_ssize_t read_callback(archive*, void* data, const void** out) {
  auto* tee = static_cast<Tee*>(data);
  try {
    std::size_t n = tee->pull();
    *out = tee->buffer.data();
    return static_cast<la_ssize_t>(n);
  } catch (...) {
    tee->error = std::current_exception();
    return ARCHIVE_FATAL;
  }
}

// "usr/bin/" -> "usr/bin" (libarchive writes a directory's name with its slash). Throws for a
// name that is not relative and clean.
std::string checked_name(const char* raw) {
  if (raw == nullptr || *raw == '\0') fail("an entry has no name");
  std::string name(raw);
  if (name.size() > 1 && name.back() == '/') name.pop_back();
  if (name.front() == '/') fail("entry " + quoted(name) + " is not relative to the root");
  std::string_view rest(name);
  while (true) {
    auto slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    if (part.empty() || part == "." || part == "..")
      fail("entry " + quoted(name) + " is not a clean relative name");
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (name == ".minify" || name.starts_with(".minify/"))
    fail("entry " + quoted(name) + " is the sensor's own");
  if (name.substr(name.rfind('/') + 1).starts_with(".wh."))
    fail("entry " + quoted(name) + " is a whiteout");
  return name;
}

char type_letter(archive_entry* e) {
  if (archive_entry_hardlink(e)) return 'h';
  switch (archive_entry_filetype(e)) {
    case AE_IFREG:
      return 'f';
    case AE_IFDIR:
      return 'd';
    case AE_IFLNK:
      return 'l';
    case AE_IFCHR:
      return 'c';
    case AE_IFBLK:
      return 'b';
    case AE_IFIFO:
      return 'p';
    default:
      return 's';
  }
}

}  // namespace

LayerInfo pass_checked_layer(const std::function<std::size_t(char*, std::size_t)>& read,
                             const std::function<void(std::string_view)>& sink,
                             const LayerBounds& bounds) {
  Tee tee;
  tee.read = &read;
  tee.sink = &sink;
  std::unique_ptr<archive, ReadFree> reader(archive_read_new());
  archive_read_support_format_tar(reader.get());
  auto failure = [&](const std::string& what) {
    if (tee.error) std::rethrow_exception(tee.error);
    const char* why = archive_error_string(reader.get());
    fail(what + ": " + (why ? why : "not a valid tar"));
  };
  if (archive_read_open(reader.get(), &tee, nullptr, read_callback, nullptr) != ARCHIVE_OK)
    failure("cannot be read");

  LayerInfo info;
  archive_entry* e = nullptr;
  int r;
  while ((r = archive_read_next_header(reader.get(), &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
    LayerEntry entry{checked_name(archive_entry_pathname(e)), type_letter(e), 0};
    if (!info.entries.empty() && entry.path <= info.entries.back().path)
      fail("entry " + quoted(entry.path) + " comes after " + quoted(info.entries.back().path) +
           ": not in path order");
    if (entry.type == 's') fail("entry " + quoted(entry.path) + " is a socket");
    if (entry.type == 'h') {
      std::string target = checked_name(archive_entry_hardlink(e));
      auto it = std::lower_bound(
          info.entries.begin(), info.entries.end(), target,
          [](const LayerEntry& a, const std::string& name) { return a.path < name; });
      if (it == info.entries.end() || it->path != target || it->type != 'f')
        fail("hard link " + quoted(entry.path) + " to " + quoted(target) +
             ", which is no file named before it");
    }
    if (entry.type == 'f') {
      entry.size = archive_entry_size(e);
      info.content_bytes += entry.size;
    }
    if (info.entries.size() + 1 > bounds.entries ||
        static_cast<std::uint64_t>(info.content_bytes) > bounds.bytes)
      fail("it holds more than its summary says (" + std::to_string(bounds.entries) + " entries, " +
           std::to_string(bounds.bytes) + " bytes of content)");
    info.entries.push_back(std::move(entry));
    if (archive_read_data_skip(reader.get()) != ARCHIVE_OK)
      failure("cut short in " + quoted(info.entries.back().path));
  }
  if (r != ARCHIVE_EOF)
    failure("corrupt after " + std::to_string(info.entries.size()) + " entries");
  // The padding after the end blocks passes too: the layer is every byte of the tar.
  while (tee.pull() > 0) {
  }
  info.diff_id = tee.hash.digest();
  info.tar_size = tee.size;
  return info;
}

}  // namespace minify::pack
