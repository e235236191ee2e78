#include "trace/proc_files.h"

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <cerrno>

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

}  // namespace minify::sensor
