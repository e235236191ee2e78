#include "pack/layer_writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include "byte_names/printable_name.h"
#include "pack/sha256.h"

namespace minify::pack {
namespace {

constexpr std::size_t kBlock = 64 * 1024;

struct ReadArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct WriteArchiveFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};
using ReadArchive = std::unique_ptr<archive, ReadArchiveFree>;
using WriteArchive = std::unique_ptr<archive, WriteArchiveFree>;
using Entry = std::unique_ptr<archive_entry, EntryFree>;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what);
}

std::string archive_message(archive* a) {
  const char* text = archive_error_string(a);
  return text ? text : "unknown libarchive error";
}

// "./a//b/" -> "a/b"; nullopt for the root itself; throws for ".." anywhere.
std::optional<std::string> relative_name(const char* name, const std::string& input) {
  if (!name) fail(input + ": an entry has no name");
  std::string out;
  std::string_view rest(name);
  while (!rest.empty()) {
    auto slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..")
      fail(input + ": entry '" + byte_names::printable(name) + "' escapes the root");
    if (!out.empty()) out += '/';
    out += part;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

bool left_out(const std::string& path) {
  if (path == ".minify" || path.starts_with(".minify/")) return true;
  auto base = path.substr(path.rfind('/') + 1);
  return base.starts_with(".wh.");
}

char type_letter(archive_entry* e) {
  if (archive_entry_hardlink(e)) return 'h';
  switch (archive_entry_filetype(e)) {
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
    case AE_IFSOCK:
      return 's';
    default:
      return 'f';
  }
}

struct InputEntry {
  std::string path;
  std::string link;  // hard-link target (relative), for type 'h'
  char type = 'f';
  std::int64_t size = 0;
  std::int64_t offset = 0;  // of its first header block in the input
  std::size_t index = 0;    // position in the input
};

// Reads the input's entries in any order, reusing one reader while entries come in input order.
class Cursor {
 public:
  Cursor(const std::filesystem::path& input, const std::vector<InputEntry>& by_index)
      : input_(input), by_index_(by_index) {}

  // Positions at entry `index` and returns its header (valid until the next call).
  archive_entry* header(std::size_t index) {
    if (!reader_ || next_ != index) open_at(by_index_[index].offset);
    archive_entry* e = nullptr;
    int r = archive_read_next_header(reader_.get(), &e);
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
      fail(input_.string() + ": cannot re-read '" + byte_names::printable(by_index_[index].path) +
           "': " + archive_message(reader_.get()));
    next_ = index + 1;
    return e;
  }

  // Copies the data of the entry last positioned at into `out`.
  void copy_data(archive* out, const std::string& name) {
    char buffer[kBlock];
    for (;;) {
      la_ssize_t got = archive_read_data(reader_.get(), buffer, sizeof buffer);
      if (got < 0)
        fail(input_.string() + ": reading '" + byte_names::printable(name) +
             "': " + archive_message(reader_.get()));
      if (got == 0) break;
      if (archive_write_data(out, buffer, static_cast<std::size_t>(got)) != got)
        fail("writing layer entry '" + byte_names::printable(name) + "': " + archive_message(out));
    }
  }

 private:
  void open_at(std::int64_t offset) {
    reader_.reset();
    fd_ = std::make_unique<Fd>(::open(input_.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd_->get() < 0) fail("cannot open " + input_.string() + ": " + std::strerror(errno));
    if (::lseek(fd_->get(), offset, SEEK_SET) != offset)
      fail("cannot seek in " + input_.string() + ": " + std::strerror(errno));
    reader_.reset(archive_read_new());
    archive_read_support_format_tar(reader_.get());
    if (archive_read_open_fd(reader_.get(), fd_->get(), kBlock) != ARCHIVE_OK)
      fail(input_.string() + ": " + archive_message(reader_.get()));
  }

  const std::filesystem::path& input_;
  const std::vector<InputEntry>& by_index_;
  std::unique_ptr<Fd> fd_;
  ReadArchive reader_;
  std::size_t next_ = 0;
};

std::vector<InputEntry> scan(const std::filesystem::path& input) {
  ReadArchive reader(archive_read_new());
  archive_read_support_format_tar(reader.get());
  if (archive_read_open_filename(reader.get(), input.c_str(), kBlock) != ARCHIVE_OK)
    fail("cannot read " + input.string() + ": " + archive_message(reader.get()));
  std::vector<InputEntry> entries;
  archive_entry* e = nullptr;
  int r;
  while ((r = archive_read_next_header(reader.get(), &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
    InputEntry entry;
    entry.offset = archive_read_header_position(reader.get());
    entry.index = entries.size();
    auto name = relative_name(archive_entry_pathname(e), input.string());
    if (name) {
      entry.path = *name;
      entry.type = type_letter(e);
      entry.size = entry.type == 'f' ? archive_entry_size(e) : 0;
      if (entry.type == 'h') {
        auto target = relative_name(archive_entry_hardlink(e), input.string());
        if (!target)
          fail(input.string() + ": hard link '" + byte_names::printable(entry.path) +
               "' to the root");
        entry.link = *target;
      }
    }
    entries.push_back(std::move(entry));
    if (archive_read_data_skip(reader.get()) != ARCHIVE_OK)
      fail(input.string() + ": truncated at '" + byte_names::printable(entries.back().path) +
           "': " + archive_message(reader.get()));
  }
  if (r != ARCHIVE_EOF)
    fail(input.string() + ": not a valid tar: " + archive_message(reader.get()));
  return entries;
}

// Names are bytes (lib/byte_names/README.md). By default the pax writer converts every name from
// the process's locale to UTF-8 and fails for one it cannot convert: minify sets no locale, so
// under "C" that is every byte above 0x7f (a Debian CA file, a Latin-1 upload). hdrcharset=BINARY
// writes the bytes as they are (marked so in the pax header), whatever the locale. Readers need no
// such option: libarchive's tar reader keeps the bytes of a name it cannot convert and says so
// with ARCHIVE_WARN, which every reader here accepts.
void set_binary_names(archive* writer) {
  if (archive_write_set_options(writer, "hdrcharset=BINARY") != ARCHIVE_OK)
    fail("libarchive: cannot write names as bytes: " + archive_message(writer));
}

// Where the layer's bytes go (a file, the engine's load, a count), hashed and counted on the way.
struct Sink {
  const std::function<void(std::string_view)>* out;
  Sha256 hash;
  std::int64_t size = 0;
  std::exception_ptr error;  // from `out`: rethrown once libarchive has unwound
};

la_ssize_t write_callback(archive*, void* data, const void* buffer, size_t length) {
  auto* sink = static_cast<Sink*>(data);
  std::string_view bytes(static_cast<const char*>(buffer), length);
  try {
    (*sink->out)(bytes);
  } catch (...) {
    sink->error = std::current_exception();
    return -1;
  }
  sink->hash.update(bytes);
  sink->size += static_cast<std::int64_t>(length);
  return static_cast<la_ssize_t>(length);
}

// What goes in the layer, in layer order, from the input's headers alone.
struct Plan {
  std::vector<InputEntry> by_index;
  std::map<std::string, std::size_t> by_path;  // the last entry of a name wins
  std::map<std::size_t, std::string> carrier;  // index of a file with links -> first path
};

// Hard links: resolve each to the file holding the bytes.
const InputEntry& resolve(const Plan& plan, const InputEntry& e, const std::string& input) {
  const InputEntry* at = &e;
  for (int hops = 0; at->type == 'h'; ++hops) {
    auto it = plan.by_path.find(at->link);
    if (it == plan.by_path.end() || hops > 64)
      fail(input + ": hard link '" + byte_names::printable(e.path) + "' to missing '" +
           byte_names::printable(at->link) + "'");
    at = &plan.by_index[it->second];
  }
  return *at;
}

Plan plan_layer(const std::filesystem::path& input_tar) {
  Plan plan;
  plan.by_index = scan(input_tar);
  // The last entry of a name wins, as when a tar is extracted.
  for (const auto& e : plan.by_index) {
    if (e.path.empty() || left_out(e.path)) continue;
    plan.by_path[e.path] = e.index;
  }
  // Name the group's first path in layer order as the one that carries the bytes (a link must
  // follow its target in a tar).
  for (const auto& [path, index] : plan.by_path) {
    const InputEntry& e = plan.by_index[index];
    if (e.type != 'h') continue;
    const InputEntry& target = resolve(plan, e, input_tar.string());
    auto [it, inserted] = plan.carrier.emplace(target.index, target.path);
    if (path < it->second) it->second = path;
  }
  return plan;
}

// Writes the layer to `out`. Without `with_data`, the files' bytes are left to libarchive, which
// pads an entry it was given no data for with zeros: the same size, from the headers alone.
LayerInfo write_entries(const std::filesystem::path& input_tar, const Plan& plan,
                        const std::function<void(std::string_view)>& out, bool with_data,
                        const std::string& output_name) {
  Sink sink{&out, {}, 0, {}};
  WriteArchive writer(archive_write_new());
  archive_write_set_format_pax_restricted(writer.get());
  set_binary_names(writer.get());
  auto failure = [&](const std::string& what) {
    if (sink.error) std::rethrow_exception(sink.error);
    fail(what + ": " + archive_message(writer.get()));
  };
  if (archive_write_open(writer.get(), &sink, nullptr, write_callback, nullptr) != ARCHIVE_OK)
    failure("cannot write " + output_name);

  LayerInfo info;
  Cursor cursor(input_tar, plan.by_index);
  for (const auto& [path, index] : plan.by_path) {
    const InputEntry& e = plan.by_index[index];
    const InputEntry& data = e.type == 'h' ? resolve(plan, e, input_tar.string()) : e;
    auto c = plan.carrier.find(data.index);
    bool carries = c == plan.carrier.end() || c->second == path;

    // Metadata (and bytes) come from the file itself, whichever name carries them.
    Entry header(archive_entry_clone(cursor.header(carries ? data.index : e.index)));
    archive_entry_set_pathname(header.get(), path.c_str());
    archive_entry_unset_atime(header.get());
    archive_entry_unset_ctime(header.get());
    archive_entry_unset_birthtime(header.get());
    // A directory's mtime in the pack container is not the image's: the runtime creates its
    // mount points (/etc/hosts, /dev, ...) and the sensor its own directory there when the
    // container is made. No program depends on a directory's mtime, so it is fixed at 0.
    if (archive_entry_filetype(header.get()) == AE_IFDIR)
      archive_entry_set_mtime(header.get(), 0, 0);
    LayerEntry entry{path, e.type == 'h' ? 'f' : e.type, 0};
    if (carries) {
      archive_entry_set_hardlink(header.get(), nullptr);
      entry.type = type_letter(header.get());
      if (entry.type == 'f') entry.size = archive_entry_size(header.get());
    } else {
      archive_entry_set_hardlink(header.get(), c->second.c_str());
      archive_entry_set_size(header.get(), 0);
      entry.type = 'h';
    }
    if (archive_write_header(writer.get(), header.get()) != ARCHIVE_OK)
      failure("writing layer entry '" + byte_names::printable(path) + "'");
    if (entry.type == 'f') {
      if (with_data) {
        try {
          cursor.copy_data(writer.get(), path);
        } catch (const std::runtime_error&) {
          if (sink.error) std::rethrow_exception(sink.error);
          throw;
        }
      }
      info.content_bytes += entry.size;
    }
    info.entries.push_back(std::move(entry));
  }
  if (archive_write_close(writer.get()) != ARCHIVE_OK) failure("cannot finish " + output_name);
  info.diff_id = sink.hash.digest();
  info.tar_size = sink.size;
  return info;
}

}  // namespace

LayerInfo write_layer(const std::filesystem::path& input_tar,
                      const std::filesystem::path& output_tar) {
  Plan plan = plan_layer(input_tar);
  Fd out_fd(::open(output_tar.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (out_fd.get() < 0) fail("cannot create " + output_tar.string() + ": " + std::strerror(errno));
  std::function<void(std::string_view)> to_file = [&](std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::write(out_fd.get(), bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("cannot write " + output_tar.string() + ": " + std::strerror(errno));
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  };
  return write_entries(input_tar, plan, to_file, true, output_tar.string());
}

LayerInfo stream_layer(const std::filesystem::path& input_tar,
                       const std::function<void(std::int64_t)>& sized,
                       const std::function<void(std::string_view)>& sink) {
  Plan plan = plan_layer(input_tar);
  std::function<void(std::string_view)> count = [](std::string_view) {};
  std::int64_t size = write_entries(input_tar, plan, count, false, "the layer").tar_size;
  sized(size);
  LayerInfo info = write_entries(input_tar, plan, sink, true, "the layer");
  if (info.tar_size != size)
    fail("the layer came out " + std::to_string(info.tar_size) + " bytes long, not the " +
         std::to_string(size) + " its headers said");
  return info;
}

}  // namespace minify::pack
