#include "pack_mode/tar_writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include "byte_names/printable_name.h"
#include "write_all.h"

namespace minify::sensor {
namespace {

using analysis::FileType;

struct ArchiveCloser {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryFreer {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

mode_t file_type_bits(FileType type) {
  switch (type) {
    case FileType::kDirectory:
      return AE_IFDIR;
    case FileType::kSymlink:
      return AE_IFLNK;
    case FileType::kCharDevice:
      return AE_IFCHR;
    case FileType::kBlockDevice:
      return AE_IFBLK;
    case FileType::kFifo:
      return AE_IFIFO;
    case FileType::kSocket:
      return AE_IFSOCK;
    case FileType::kRegular:
      break;
  }
  return AE_IFREG;
}

// "/usr/bin/python3" -> "usr/bin/python3": layer tars name entries relative to the root.
std::string tar_name(const std::string& path) {
  return path.substr(1);
}

// Where the tar's bytes go: a file, the host's pipe, or nowhere (counted only). Every byte is
// counted on its way, so each kind knows the tar's exact size.
class TarSink {
 public:
  // fd < 0: the bytes are counted and dropped.
  TarSink(int fd, std::string what) : fd_(fd), what_(std::move(what)) {}

  static la_ssize_t write(archive* a, void* self, const void* buffer, std::size_t length) {
    auto* sink = static_cast<TarSink*>(self);
    if (sink->fd_ >= 0) {
      if (int error = write_all(sink->fd_, {static_cast<const char*>(buffer), length});
          error != 0) {
        archive_set_error(a, error, "cannot write %s", sink->what_.c_str());
        return -1;
      }
    }
    sink->size_ += length;
    return static_cast<la_ssize_t>(length);
  }

  const std::string& what() const { return what_; }
  std::uint64_t size() const { return size_; }
  bool counts_only() const { return fd_ < 0; }

 private:
  int fd_;
  std::string what_;
  std::uint64_t size_ = 0;
};

class TarFile {
 public:
  explicit TarFile(TarSink& sink) : sink_(sink), archive_(archive_write_new()) {
    if (!archive_) throw std::runtime_error("libarchive: out of memory");
    // Names are bytes (lib/byte_names/README.md): without hdrcharset=BINARY the pax writer
    // converts them from the locale ("C" in here) to UTF-8 and warns about any byte above 0x7f.
    // No padding after the end blocks, whatever the sink: the same bytes into a file and into a
    // pipe (libarchive would pad a pipe's last block to 10 KiB). Written a MiB at a time (the
    // host's pipe holds as much), not libarchive's 10 KiB: a hundredth of the writes and wake-ups;
    // with no padding the block size changes no byte.
    if (archive_write_set_format_pax_restricted(archive_.get()) != ARCHIVE_OK ||
        archive_write_set_options(archive_.get(), "hdrcharset=BINARY") != ARCHIVE_OK ||
        archive_write_set_bytes_per_block(archive_.get(), 1 << 20) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(archive_.get(), 1) != ARCHIVE_OK ||
        archive_write_open2(archive_.get(), &sink_, nullptr, &TarSink::write, nullptr, nullptr) !=
            ARCHIVE_OK) {
      throw error("cannot create " + sink_.what());
    }
  }

  void add(const analysis::Root& root, const analysis::KeptEntry& kept, protocol::TarStats& stats) {
    std::unique_ptr<archive_entry, EntryFreer> entry(archive_entry_new());
    archive_entry_set_pathname(entry.get(), tar_name(kept.path).c_str());
    archive_entry_set_filetype(entry.get(), file_type_bits(kept.info.type));
    archive_entry_set_perm(entry.get(), kept.info.mode);
    archive_entry_set_uid(entry.get(), kept.info.uid);
    archive_entry_set_gid(entry.get(), kept.info.gid);
    // Directories: see the header (their mtimes in the pack container are not the image's).
    archive_entry_set_mtime(entry.get(),
                            kept.info.type == FileType::kDirectory ? 0 : kept.info.mtime, 0);
    archive_entry_set_size(entry.get(), 0);
    if (kept.info.type == FileType::kSymlink) {
      archive_entry_set_symlink(entry.get(), kept.symlink_target.c_str());
    } else if (!kept.hardlink_to.empty()) {
      archive_entry_set_hardlink(entry.get(), tar_name(kept.hardlink_to).c_str());
    } else if (kept.info.type == FileType::kRegular) {
      archive_entry_set_size(entry.get(), static_cast<la_int64_t>(kept.info.size));
    } else if (kept.info.type == FileType::kCharDevice ||
               kept.info.type == FileType::kBlockDevice) {
      archive_entry_set_rdev(entry.get(), kept.info.rdev);
    }
    for (const auto& xattr : root.xattrs(kept.path)) {
      archive_entry_xattr_add_entry(entry.get(), xattr.name.c_str(), xattr.value.data(),
                                    xattr.value.size());
    }
    if (archive_write_header(archive_.get(), entry.get()) != ARCHIVE_OK) {
      throw error("cannot write the header of " + byte_names::printable(kept.path));
    }
    ++stats.entries;
    if (kept.info.type == FileType::kRegular && kept.hardlink_to.empty()) {
      // Counted only: libarchive writes the content's length in zeros when the entry ends.
      if (sink_.counts_only()) {
        stats.bytes += kept.info.size;
      } else {
        copy_bytes(root, kept, stats);
      }
    }
  }

  void close(protocol::TarStats& stats) {
    if (archive_write_close(archive_.get()) != ARCHIVE_OK)
      throw error("cannot finish " + sink_.what());
    stats.size = sink_.size();
  }

 private:
  void copy_bytes(const analysis::Root& root, const analysis::KeptEntry& kept,
                  protocol::TarStats& stats) {
    analysis::FileHandle fd = root.open(kept.path);
    std::vector<char> buf(1u << 20);
    std::uint64_t left = kept.info.size;
    while (left > 0) {
      ssize_t n = ::read(fd.get(), buf.data(), std::min<std::uint64_t>(buf.size(), left));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw std::runtime_error("cannot read " + kept.path + ": " + std::strerror(errno));
      // The image's filesystem is pristine: a file that shrank is an error, not something to pad.
      if (n == 0) throw std::runtime_error(kept.path + " changed while it was packed");
      if (archive_write_data(archive_.get(), buf.data(), static_cast<std::size_t>(n)) != n) {
        throw error("cannot write the bytes of " + kept.path);
      }
      left -= static_cast<std::uint64_t>(n);
      stats.bytes += static_cast<std::uint64_t>(n);
    }
  }

  std::runtime_error error(const std::string& what) {
    const char* why = archive_error_string(archive_.get());
    return std::runtime_error(what + ": " + (why ? why : "libarchive error"));
  }

  TarSink& sink_;
  std::unique_ptr<archive, ArchiveCloser> archive_;
};

// The tar of `keep` into `fd` (< 0: counted only), `what` naming it in errors.
protocol::TarStats write_tar(const analysis::Root& root, const analysis::KeepSet& keep, int fd,
                             const std::string& what) {
  TarSink sink(fd, what);
  TarFile tar(sink);
  protocol::TarStats stats;
  for (const auto& [path, kept] : keep.entries) tar.add(root, kept, stats);
  tar.close(stats);
  return stats;
}

}  // namespace

protocol::TarStats write_keep_set_tar(const analysis::Root& root, const analysis::KeepSet& keep,
                                      const std::string& out_path) {
  const std::string temp = out_path + ".part";
  protocol::TarStats stats;
  try {
    analysis::FileHandle file(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (file.get() < 0)
      throw std::runtime_error("cannot create " + temp + ": " + std::strerror(errno));
    stats = write_tar(root, keep, file.get(), temp);
    if (::close(file.release()) != 0)
      throw std::runtime_error("cannot write " + temp + ": " + std::strerror(errno));
  } catch (...) {
    std::remove(temp.c_str());
    throw;
  }
  if (std::rename(temp.c_str(), out_path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::remove(temp.c_str());
    throw std::runtime_error("cannot write " + out_path + ": " + why);
  }
  return stats;
}

protocol::TarStats measure_keep_set_tar(const analysis::Root& root, const analysis::KeepSet& keep) {
  return write_tar(root, keep, -1, "the keep-set tar");
}

void stream_keep_set_tar(const analysis::Root& root, const analysis::KeepSet& keep, int fd,
                         const protocol::TarStats& measured) {
  protocol::TarStats written = write_tar(root, keep, fd, "the host's pipe");
  if (written.entries != measured.entries || written.bytes != measured.bytes ||
      written.size != measured.size)
    throw std::runtime_error("the keep-set tar came out at " + std::to_string(written.size) +
                             " bytes, not the " + std::to_string(measured.size) + " measured");
}

}  // namespace minify::sensor
