#pragma once
// A filesystem tree seen from its own "/": the image's root. lib/analysis reads the image only
// through this interface, so it never touches the host's filesystem by accident: on the host it
// is a directory built by a test, in the pack container it is "/" itself.
//
// Contract: every path given to a Root is absolute inside the root and already resolved: no
// component but the last may be a symlink, and there is no "." or "..". Resolving the paths an
// application named is the job of path_resolver.h, which follows symlinks inside the root.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace minify::analysis {

enum class FileType { kRegular, kDirectory, kSymlink, kCharDevice, kBlockDevice, kFifo, kSocket };

struct FileInfo {
  FileType type = FileType::kRegular;
  std::uint32_t mode = 0;  // permission bits with setuid/setgid/sticky (07777)
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;  // seconds since the epoch
  std::uint64_t dev = 0;
  std::uint64_t ino = 0;
  std::uint64_t nlink = 1;
  std::uint64_t rdev = 0;
};

struct DirEntry {
  std::string name;
  FileInfo info;
};

struct Xattr {
  std::string name;   // e.g. "security.capability"
  std::string value;  // raw bytes
};

// An open file descriptor, closed on destruction.
class FileHandle {
 public:
  explicit FileHandle(int fd = -1) : fd_(fd) {}
  FileHandle(FileHandle&& other) noexcept : fd_(other.release()) {}
  FileHandle& operator=(FileHandle&& other) noexcept;
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;
  ~FileHandle();
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

class Root {
 public:
  virtual ~Root() = default;
  // Metadata of the entry itself (a symlink is not followed); nullopt when it does not exist.
  virtual std::optional<FileInfo> lstat(const std::string& path) const = 0;
  // The target of a symlink, as stored. Throws std::runtime_error on failure.
  virtual std::string readlink(const std::string& path) const = 0;
  // The entries of a directory, sorted by name, without "." and "..". Throws on failure.
  virtual std::vector<DirEntry> list(const std::string& dir) const = 0;
  // Opens a regular file for reading. Throws std::runtime_error naming the path on failure.
  virtual FileHandle open(const std::string& path) const = 0;
  // Extended attributes of the entry itself (not followed), sorted by name.
  virtual std::vector<Xattr> xattrs(const std::string& path) const = 0;
};

// A Root over a directory of this machine ("/" in the pack container).
class DirectoryRoot : public Root {
 public:
  explicit DirectoryRoot(std::string host_dir);
  std::optional<FileInfo> lstat(const std::string& path) const override;
  std::string readlink(const std::string& path) const override;
  std::vector<DirEntry> list(const std::string& dir) const override;
  FileHandle open(const std::string& path) const override;
  std::vector<Xattr> xattrs(const std::string& path) const override;

 private:
  std::string host_path(const std::string& path) const;
  std::string host_dir_;  // without a trailing "/"; empty for "/"
};

// Reads a whole (small) file of the root, at most max_bytes. Throws on failure.
std::string read_file(const Root& root, const std::string& path, std::size_t max_bytes = 64u << 20);

}  // namespace minify::analysis
