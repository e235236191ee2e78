#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "analysis/root.h"

namespace minify::analysis {
namespace {

std::runtime_error os_error(const std::string& what, const std::string& path) {
  return std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

FileInfo info_from_stat(const struct stat& st) {
  FileInfo info;
  switch (st.st_mode & S_IFMT) {
    case S_IFDIR:
      info.type = FileType::kDirectory;
      break;
    case S_IFLNK:
      info.type = FileType::kSymlink;
      break;
    case S_IFCHR:
      info.type = FileType::kCharDevice;
      break;
    case S_IFBLK:
      info.type = FileType::kBlockDevice;
      break;
    case S_IFIFO:
      info.type = FileType::kFifo;
      break;
    case S_IFSOCK:
      info.type = FileType::kSocket;
      break;
    default:
      info.type = FileType::kRegular;
      break;
  }
  info.mode = st.st_mode & 07777;
  info.uid = st.st_uid;
  info.gid = st.st_gid;
  info.size = static_cast<std::uint64_t>(st.st_size);
  info.mtime = st.st_mtim.tv_sec;
  info.dev = st.st_dev;
  info.ino = st.st_ino;
  info.nlink = st.st_nlink;
  info.rdev = st.st_rdev;
  return info;
}

}  // namespace

FileHandle& FileHandle::operator=(FileHandle&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

FileHandle::~FileHandle() {
  if (fd_ >= 0) ::close(fd_);
}

DirectoryRoot::DirectoryRoot(std::string host_dir) : host_dir_(std::move(host_dir)) {
  while (!host_dir_.empty() && host_dir_.back() == '/') host_dir_.pop_back();
}

std::string DirectoryRoot::host_path(const std::string& path) const {
  // The contract says paths are resolved; refusing ".." here keeps a caller's bug from ever
  // reaching outside the root.
  if (path.empty() || path[0] != '/' || path.find("/../") != std::string::npos ||
      (path.size() >= 3 && path.compare(path.size() - 3, 3, "/..") == 0)) {
    throw std::invalid_argument("not a resolved absolute path: " + path);
  }
  return host_dir_ + path;
}

std::optional<FileInfo> DirectoryRoot::lstat(const std::string& path) const {
  struct stat st;
  if (::lstat(host_path(path).c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    throw os_error("cannot stat", path);
  }
  return info_from_stat(st);
}

std::string DirectoryRoot::readlink(const std::string& path) const {
  std::string buf(256, '\0');
  for (;;) {
    ssize_t n = ::readlink(host_path(path).c_str(), buf.data(), buf.size());
    if (n < 0) throw os_error("cannot read link", path);
    if (static_cast<std::size_t>(n) < buf.size()) {
      buf.resize(static_cast<std::size_t>(n));
      return buf;
    }
    buf.resize(buf.size() * 2);
  }
}

std::vector<DirEntry> DirectoryRoot::list(const std::string& dir) const {
  DIR* d = ::opendir(host_path(dir).c_str());
  if (d == nullptr) throw os_error("cannot list", dir);
  std::vector<DirEntry> entries;
  while (struct dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    struct stat st;
    if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // raced away
    entries.push_back({e->d_name, info_from_stat(st)});
  }
  ::closedir(d);
  std::sort(entries.begin(), entries.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return entries;
}

FileHandle DirectoryRoot::open(const std::string& path) const {
  int fd = ::open(host_path(path).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) throw os_error("cannot open", path);
  return FileHandle(fd);
}

std::vector<Xattr> DirectoryRoot::xattrs(const std::string& path) const {
  const std::string host = host_path(path);
  std::vector<Xattr> out;
  ssize_t size = ::llistxattr(host.c_str(), nullptr, 0);
  if (size <= 0) return out;  // none, or a filesystem without xattrs
  std::string names(static_cast<std::size_t>(size), '\0');
  size = ::llistxattr(host.c_str(), names.data(), names.size());
  if (size < 0) throw os_error("cannot list xattrs of", path);
  names.resize(static_cast<std::size_t>(size));
  for (std::size_t pos = 0; pos < names.size();) {
    std::string name(names.c_str() + pos);
    pos += name.size() + 1;
    if (name.empty()) continue;
    ssize_t len = ::lgetxattr(host.c_str(), name.c_str(), nullptr, 0);
    if (len < 0) continue;  // removed meanwhile, or not readable by us
    std::string value(static_cast<std::size_t>(len), '\0');
    len = ::lgetxattr(host.c_str(), name.c_str(), value.data(), value.size());
    if (len < 0) continue;
    value.resize(static_cast<std::size_t>(len));
    out.push_back({std::move(name), std::move(value)});
  }
  std::sort(out.begin(), out.end(), [](const Xattr& a, const Xattr& b) { return a.name < b.name; });
  return out;
}

std::string read_file(const Root& root, const std::string& path, std::size_t max_bytes) {
  FileHandle fd = root.open(path);
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw os_error("cannot read", path);
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max_bytes) throw std::runtime_error("file too large: " + path);
  }
  return out;
}

}  // namespace minify::analysis
