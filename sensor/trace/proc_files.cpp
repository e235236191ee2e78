#include "trace/proc_files.h"

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace minify::sensor {

bool read_link(const char* path, std::string& out) {
  char buffer[PATH_MAX];
  ssize_t n = ::readlink(path, buffer, sizeof buffer);
  if (n < 0) return false;
  out.assign(buffer, static_cast<std::size_t>(n));
  return true;
}

bool read_small_file(const char* path, std::string& out) {
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  out.clear();
  char buffer[4096];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

std::optional<std::uint64_t> caught_signals(pid_t pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/status", pid);
  std::string status;
  if (!read_small_file(path, status)) return std::nullopt;
  auto at = status.find("\nSigCgt:");
  if (at == std::string::npos) return std::nullopt;
  return std::strtoull(status.c_str() + at + 8, nullptr, 16);
}

}  // namespace minify::sensor
